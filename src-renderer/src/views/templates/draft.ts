import i18next from 'i18next';
import type { TemplateInfo, TemplateRulesInput } from '@shared/channels/templates';
import { type ProcessingDraft, processingDraftOf } from './processing-draft';

export type ListField = 'exact' | 'keywords' | 'patterns' | 'excludeKeywords' | 'excludePatterns';

/** A template as the editor holds it: each rule list as the text of its textarea. */
export interface Draft {
  id?: number;
  name: string;
  lists: Record<ListField, string>;
  caseSensitive: boolean;
  active: boolean;
  processing: ProcessingDraft;
}

export function draftOf(t: TemplateInfo | null): Draft {
  return {
    id: t?.id,
    name: t?.name ?? '',
    lists: {
      exact: t?.rules.exact.join('\n') ?? '',
      keywords: t?.rules.keywords.join('\n') ?? '',
      patterns: t?.rules.patterns.join('\n') ?? '',
      excludeKeywords: t?.rules.excludeKeywords.join('\n') ?? '',
      excludePatterns: t?.rules.excludePatterns.join('\n') ?? '',
    },
    caseSensitive: t?.rules.caseSensitive ?? false,
    active: t?.active ?? true,
    processing: processingDraftOf(t?.processing),
  };
}

export function rulesOf(d: Draft): TemplateRulesInput {
  const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
  return {
    exact: lines(d.lists.exact),
    keywords: lines(d.lists.keywords),
    patterns: lines(d.lists.patterns),
    excludeKeywords: lines(d.lists.excludeKeywords),
    excludePatterns: lines(d.lists.excludePatterns),
    caseSensitive: d.caseSensitive,
  };
}

export function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(i18next.t('common.cannotReadFile')));
    reader.readAsDataURL(file);
  });
}
