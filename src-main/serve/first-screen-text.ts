/**
 * The words of the first screen `reclib serve` writes into its page: the renderer's own message
 * files (plain data, src-renderer/src/i18n/locales), read as i18next reads them there — nested
 * keys, plural forms by Intl.PluralRules (key_one, key_few, …), {{value}} and {{count, number}} —
 * so the page and the app that replaces it say the same thing. Only the files the first screen
 * needs are in the CLI's bundle; neither React nor i18next is.
 */
import { formatNumber } from '@shared/ui-format';
import { common as enCommon } from '../../src-renderer/src/i18n/locales/en/common';
import { metadata as enMetadata } from '../../src-renderer/src/i18n/locales/en/metadata';
import { recordings as enRecordings } from '../../src-renderer/src/i18n/locales/en/recordings';
import { shell as enShell } from '../../src-renderer/src/i18n/locales/en/shell';
import { tagChips as enTagChips } from '../../src-renderer/src/i18n/locales/en/tag-chips';
import { transcript as enTranscript } from '../../src-renderer/src/i18n/locales/en/transcript';
import { common as ruCommon } from '../../src-renderer/src/i18n/locales/ru/common';
import { metadata as ruMetadata } from '../../src-renderer/src/i18n/locales/ru/metadata';
import { recordings as ruRecordings } from '../../src-renderer/src/i18n/locales/ru/recordings';
import { shell as ruShell } from '../../src-renderer/src/i18n/locales/ru/shell';
import { tagChips as ruTagChips } from '../../src-renderer/src/i18n/locales/ru/tag-chips';
import { transcript as ruTranscript } from '../../src-renderer/src/i18n/locales/ru/transcript';

type Tree = { readonly [key: string]: unknown };

const MESSAGES: Record<string, Tree> = {
  en: { ...enCommon, ...enRecordings, ...enShell, ...enMetadata, ...enTranscript, ...enTagChips },
  ru: { ...ruCommon, ...ruRecordings, ...ruShell, ...ruMetadata, ...ruTranscript, ...ruTagChips },
};

export type Translate = (key: string, values?: Record<string, string | number>) => string;

function lookup(tree: Tree, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split('.')) node = node !== null && typeof node === 'object' ? (node as Tree)[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** `t` for one language ('en' when it has no messages): a missing key throws, as the page must not show keys. */
export function translator(lng: string): Translate {
  const language = MESSAGES[lng] ? lng : 'en';
  const tree = MESSAGES[language]!;
  const plural = new Intl.PluralRules(language);
  return (key, values = {}) => {
    const count = values.count;
    const text = (typeof count === 'number' ? lookup(tree, `${key}_${plural.select(count)}`) : undefined) ?? lookup(tree, key);
    if (text === undefined) throw new Error(`no message "${key}" in ${language}`);
    return text.replace(/\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g, (whole, name: string, format?: string) => {
      const v = values[name];
      if (v === undefined) return whole;
      return format === 'number' && typeof v === 'number' ? formatNumber(v, language) : String(v);
    });
  };
}
