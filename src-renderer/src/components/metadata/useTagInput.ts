import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseTagList, TagError } from '@shared/metadata';

function parsed(text: string): string[] | null {
  try {
    return parseTagList(text);
  } catch (err) {
    if (err instanceof TagError) return null;
    throw err;
  }
}

/** Parsed tags, or null (with the reason shown) when one is not a tag. */
export function useTagInput() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const tags = parsed(text);
  return { text, setText, tags, problem: tags === null ? t('metadata.invalidTags') : null };
}
