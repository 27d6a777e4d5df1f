import type { TFunction } from 'i18next';
import type { JobProgress } from '@shared/jobs';
import type { Formatters } from '../i18n/useFormat';

/**
 * A job's progress in words: "3 of 12 files · 1.2 MB of 4.5 MB · 2.0 MB/s · 5 s left". Parts a
 * job does not know yet are left out, so nothing ever reads "0/0 files · 0 B of 0 B".
 */
export function describeProgress(p: JobProgress, running: boolean, fmt: Formatters, t: TFunction): string {
  const parts: string[] = [];
  if (p.fraction !== undefined && p.total === 0 && p.bytesTotal === 0) parts.push(t('progress.percent', { value: Math.round(p.fraction * 100) }));
  if (p.total > 0) parts.push(t('progress.files', { done: p.done, count: p.total }));
  if (p.bytesTotal > 0) parts.push(t('progress.bytes', { done: fmt.bytes(p.bytesDone), total: fmt.bytes(p.bytesTotal) }));
  if (running && p.rate > 0) parts.push(fmt.rate(p.rate));
  if (running && fmt.eta(p.etaSec)) parts.push(fmt.eta(p.etaSec));
  if (parts.length === 0 && running) return t('progress.preparing');
  return parts.join(' · ');
}

/** The share done, from bytes when known, else items, else the job's own fraction. */
export function progressFraction(p: JobProgress): number {
  if (p.fraction !== undefined) return p.fraction;
  if (p.bytesTotal) return p.bytesDone / p.bytesTotal;
  return p.total ? p.done / p.total : 0;
}
