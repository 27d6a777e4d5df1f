import type { StageInfo } from '@shared/jobs';

const LABELS: Record<string, string> = { trim: 'Trim silence', audio: 'Audio', poster: 'Poster', subtitles: 'Subtitles' };
const STATUS: Record<string, string> = { pending: 'pending', running: 'running', done: 'done', failed: 'failed', skipped: 'skipped', needs_review: 'needs review' };

function figures(name: string, s: StageInfo): string | null {
  if (name === 'trim' && s.status === 'done' && typeof s.keptStartSec === 'number' && typeof s.keptEndSec === 'number' && s.container) {
    return `kept ${s.keptStartSec.toFixed(1)}–${s.keptEndSec.toFixed(1)} s`;
  }
  return null;
}

/** A job's stages with status, progress and reason (Jobs view and recording detail). */
export function StageList({ stages }: { stages: Record<string, StageInfo> }) {
  return (
    <ul className="stages">
      {Object.entries(stages).map(([name, s]) => (
        <li key={name} className={`stage stage-${s.status}`} data-stage={name}>
          <span className="stage-name">{LABELS[name] ?? name}</span> <span className="stage-status">{STATUS[s.status] ?? s.status}</span>
          {s.status === 'running' && typeof s.progress === 'number' ? ` ${Math.round(s.progress * 100)}%` : ''}
          {figures(name, s) ? <span className="muted"> · {figures(name, s)}</span> : null}
          {s.reason ? <span className="muted"> — {s.reason}</span> : null}
        </li>
      ))}
    </ul>
  );
}
