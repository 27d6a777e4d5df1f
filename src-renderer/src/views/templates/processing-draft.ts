import type { TemplateProcessing } from '@shared/channels/templates';
import { DESCRIPTION_PATTERN_MAX } from '@shared/description-pattern';

export type NumberKey = 'noiseDb' | 'minSilenceSec' | 'paddingSec';
export type SwitchKey = 'autoProcess' | 'autoTranscribe';
export type Switch = 'inherit' | 'on' | 'off';

/** The editor's copy: numbers as typed text ('' = the library's), switches with a third "inherit" state. */
export interface ProcessingDraft {
  numbers: Record<NumberKey, string>;
  switches: Record<SwitchKey, Switch>;
  /** The description pattern as typed ('' = none). */
  descriptionPattern: string;
}

export const NUMBER_KEYS: readonly NumberKey[] = ['noiseDb', 'minSilenceSec', 'paddingSec'];
export const SWITCH_KEYS: readonly SwitchKey[] = ['autoProcess', 'autoTranscribe'];
/** The library settings' own ranges (src-shared/settings.ts), checked before saving. */
export const RANGES: Record<NumberKey, { min: number; max: number }> = {
  noiseDb: { min: -90, max: 0 },
  minSilenceSec: { min: 0.1, max: 600 },
  paddingSec: { min: 0, max: 600 },
};

export function processingDraftOf(p: TemplateProcessing | undefined): ProcessingDraft {
  const num = (v: number | undefined) => (v === undefined ? '' : String(v));
  const sw = (v: boolean | undefined): Switch => (v === undefined ? 'inherit' : v ? 'on' : 'off');
  return {
    numbers: { noiseDb: num(p?.noiseDb), minSilenceSec: num(p?.minSilenceSec), paddingSec: num(p?.paddingSec) },
    switches: { autoProcess: sw(p?.autoProcess), autoTranscribe: sw(p?.autoTranscribe) },
    descriptionPattern: p?.descriptionPattern ?? '',
  };
}

/** A typed number in range, or undefined for empty; NaN marks a value to refuse. */
export function parseNumber(key: NumberKey, text: string): number | undefined {
  const s = text.trim().replace(',', '.');
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) && n >= RANGES[key].min && n <= RANGES[key].max ? n : NaN;
}

export function processingOf(d: ProcessingDraft): TemplateProcessing | null {
  const out: TemplateProcessing = {};
  for (const k of NUMBER_KEYS) {
    const n = parseNumber(k, d.numbers[k]);
    if (Number.isNaN(n)) return null;
    if (n !== undefined) out[k] = n;
  }
  for (const k of SWITCH_KEYS) if (d.switches[k] !== 'inherit') out[k] = d.switches[k] === 'on';
  const pattern = d.descriptionPattern.trim();
  if (pattern.length > DESCRIPTION_PATTERN_MAX) return null;
  if (pattern) out.descriptionPattern = pattern;
  return out;
}
