export { formatBytes } from '@shared/format';

export function formatDuration(sec: number): string {
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dateFmt.format(d);
}

export function formatEta(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return '';
  if (sec < 60) return `${Math.ceil(sec)} s left`;
  return `${Math.ceil(sec / 60)} min left`;
}

export const STATUS_LABELS: Record<string, string> = {
  importing: 'Importing',
  ready: 'Ready',
  processing: 'Processing',
  processed: 'Processed',
  needs_review: 'Needs review',
  failed: 'Failed',
  trashed: 'In trash',
  missing: 'Missing',
  offline: 'Offline',
};
