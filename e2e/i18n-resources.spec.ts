/**
 * The languages are complete: Russian has every English message, with every plural form
 * Intl.PluralRules asks for (one, few, many, other), the same placeholders and the same markup.
 * Reads the resources only; no browser.
 */
import { expect, test } from '@playwright/test';
import { resources } from './support/i18n';

type Tree = { readonly [k: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** Messages grouped by key without the plural suffix: key -> { form or '' -> text }. */
function grouped(tree: Tree): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [key, text] of flatten(tree)) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    const forms = out.get(base) ?? new Map<string, string>();
    forms.set(m ? m[1]! : '', text);
    out.set(base, forms);
  }
  return out;
}

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]))].filter((p) => p !== 'count').sort();
const tags = (s: string) => [...s.matchAll(/<\/?([a-z][\w-]*)>/gi)].map((m) => m[1]).sort();

for (const lng of Object.keys(resources) as (keyof typeof resources)[]) {
  test(`${lng}: every message of English, with all of ${lng}'s plural forms, placeholders and markup`, () => {
    const reference = grouped(resources.en.translation as Tree);
    const messages = grouped(resources[lng].translation as Tree);
    const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
    const problems: string[] = [];
    for (const [base, refForms] of reference) {
      const forms = messages.get(base);
      if (!forms) {
        problems.push(`${base}: missing`);
        continue;
      }
      const plural = !refForms.has('');
      if (plural) for (const c of categories) if (!forms.has(c)) problems.push(`${base}_${c}: missing plural form`);
      if (!plural && !forms.has('')) problems.push(`${base}: should not be plural`);
      const refText = [...refForms.values()][0]!;
      for (const [form, text] of forms) {
        if (text.trim() === '') problems.push(`${base}${form ? `_${form}` : ''}: empty`);
        if (JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(refText))) problems.push(`${base}${form ? `_${form}` : ''}: placeholders ${placeholders(text)} vs ${placeholders(refText)}`);
        if (JSON.stringify(tags(text)) !== JSON.stringify(tags(refText))) problems.push(`${base}${form ? `_${form}` : ''}: markup ${tags(text)} vs ${tags(refText)}`);
      }
    }
    for (const base of messages.keys()) if (!reference.has(base)) problems.push(`${base}: not in English`);
    expect(problems).toEqual([]);
  });
}

test('Russian plural forms follow Intl.PluralRules: 1 запись, 3 записи, 5 записей, 21 запись', () => {
  const ru = resources.ru.translation.nav;
  const form = (n: number) => ru[`recordingCount_${new Intl.PluralRules('ru').select(n)}` as keyof typeof ru];
  expect([1, 3, 5, 11, 21, 24].map((n) => form(n)!.replace('{{count, number}}', String(n)))).toEqual([
    '1 запись',
    '3 записи',
    '5 записей',
    '11 записей',
    '21 запись',
    '24 записи',
  ]);
});
