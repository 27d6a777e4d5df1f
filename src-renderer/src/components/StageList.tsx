import { useTranslation } from 'react-i18next';
import type { StageInfo } from '@shared/jobs';
import { formatNumber } from '@shared/ui-format';
import { ReasonText } from './ReasonText';

const KNOWN_STAGES = ['trim', 'audio', 'poster', 'subtitles'] as const;
type KnownStage = (typeof KNOWN_STAGES)[number];
const isKnown = (n: string): n is KnownStage => (KNOWN_STAGES as readonly string[]).includes(n);

/** A job's stages with status, progress and reason (Jobs view and recording detail). */
export function StageList({ stages }: { stages: Record<string, StageInfo> }) {
  const { t, i18n } = useTranslation();
  const kept = (name: string, s: StageInfo): string | null =>
    name === 'trim' && s.status === 'done' && typeof s.keptStartSec === 'number' && typeof s.keptEndSec === 'number' && s.container
      ? t('stages.kept', { from: formatNumber(s.keptStartSec, i18n.language, 1), to: formatNumber(s.keptEndSec, i18n.language, 1) })
      : null;
  return (
    <ul className="stages">
      {Object.entries(stages).map(([name, s]) => (
        <li key={name} className={`stage stage-${s.status}`} data-stage={name}>
          <span className="stage-name">{isKnown(name) ? t(`stages.names.${name}`) : name}</span> <span className="stage-status">{t(`stages.status.${s.status}`)}</span>
          {s.status === 'running' && typeof s.progress === 'number' ? ` ${t('progress.percent', { value: Math.round(s.progress * 100) })}` : ''}
          {kept(name, s) ? <span className="muted"> · {kept(name, s)}</span> : null}
          {s.reason ? (
            <span className="muted">
              {' — '}
              <ReasonText text={String(s.reason)} />
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
