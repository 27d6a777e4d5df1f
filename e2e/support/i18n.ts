/**
 * The tests' view of the UI text: the same i18n resources and formatters the renderer uses, in the
 * locale of the Playwright project, so one spec passes in English and in Russian.
 */
import i18next, { type TOptions } from 'i18next';
import { formatBytes, formatDuration, formatNumber } from '@shared/ui-format';
import { pickLanguage } from '../../src-renderer/src/i18n/languages';
import { en } from '../../src-renderer/src/i18n/locales/en/index';
import { ru } from '../../src-renderer/src/i18n/locales/ru/index';

export const resources = { en: { translation: en }, ru: { translation: ru } } as const;

export interface UiText {
  /** The language the page shows ('en' or 'ru'). */
  lng: string;
  /** A message exactly as the renderer renders it (markup tags such as <b> included). A missing key throws. */
  t(key: string, options?: TOptions): string;
  /** The message as it reads on screen: markup tags removed, as in an element's text. */
  text(key: string, options?: TOptions): string;
  /** A regular expression matching the whole message (for names of roles and labels). */
  exact(key: string, options?: TOptions): RegExp;
  /**
   * A regular expression for a message whose values are partly unknown to the test: the given
   * options fill their placeholders, any other placeholder matches any text.
   */
  pattern(key: string, options?: TOptions): RegExp;
  bytes(n: number): string;
  number(n: number, digits?: number): string;
  duration(sec: number): string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function uiText(locale: string | undefined): UiText {
  const lng = pickLanguage(locale ? [locale] : ['en']);
  const inst = i18next.createInstance();
  void inst.init({ resources, lng, fallbackLng: false, nsSeparator: false, interpolation: { escapeValue: false }, initAsync: false });
  const t = (key: string, options?: TOptions): string => {
    if (!inst.exists(key, { ...options, lng })) throw new Error(`no message "${key}" in ${lng}`);
    return inst.t(key, options ?? {}) as string;
  };
  const text = (key: string, options?: TOptions) =>
    t(key, options)
      .replace(/<\/?[a-z][\w-]*>/gi, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  const SENTINEL = 987654321;
  const stripTags = (x: string) => x.replace(/<\/?[a-z][\w-]*>/gi, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  const pattern = (key: string, options: TOptions = {}): RegExp => {
    const forms = ['', '_zero', '_one', '_two', '_few', '_many', '_other'].map((f) => inst.getResource(lng, 'translation', key + f) as unknown).filter((x): x is string => typeof x === 'string');
    if (forms.length === 0) throw new Error(`no message "${key}" in ${lng}`);
    const given = options as Record<string, unknown>;
    if (!('count' in given) && forms.length > 1) {
      // A plural message with an unknown count: any of its forms, every unknown value matching any text.
      const fill = (raw: string) =>
        escape(stripTags(raw)).replace(/\\\{\\\{\s*(\w+)(?:,\s*(\w+))?\s*\\\}\\\}/g, (_m, name: string, fmt?: string) => {
          if (!(name in given)) return '.*?';
          const v = given[name];
          return escape(fmt === 'number' && typeof v === 'number' ? formatNumber(v, lng) : String(v));
        });
      return new RegExp(forms.map(fill).join('|'));
    }
    const names = new Set(forms.flatMap((f) => [...f.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]!)));
    const filled: Record<string, unknown> = { ...given };
    for (const n of names) if (!(n in filled)) filled[n] = SENTINEL;
    const marks = [formatNumber(SENTINEL, lng), String(SENTINEL)].map(escape);
    return new RegExp(escape(text(key, filled)).replace(new RegExp(marks.join('|'), 'g'), '.*?'));
  };
  return {
    lng,
    t,
    text,
    pattern,
    exact: (key, options) => new RegExp(`^${escape(text(key, options))}$`),
    bytes: (n) => formatBytes(n, lng),
    number: (n, digits) => formatNumber(n, lng, digits),
    duration: formatDuration,
  };
}
