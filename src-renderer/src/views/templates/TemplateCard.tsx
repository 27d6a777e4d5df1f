import type { TemplateInfo } from '@shared/channels/templates';
import { api, templateThumbnailUrl } from '../../api/client';

function summary(t: TemplateInfo): string {
  const r = t.rules;
  const parts: string[] = [];
  if (r.keywords.length) parts.push(r.keywords.slice(0, 4).join(', ') + (r.keywords.length > 4 ? ` +${r.keywords.length - 4}` : ''));
  if (r.exact.length) parts.push(`${r.exact.length} exact`);
  if (r.patterns.length) parts.push(`${r.patterns.length} pattern${r.patterns.length > 1 ? 's' : ''}`);
  const ex = r.excludeKeywords.length + r.excludePatterns.length;
  if (ex) parts.push(`${ex} exclusion${ex > 1 ? 's' : ''}`);
  if (r.caseSensitive) parts.push('case-sensitive');
  return parts.join(' · ') || 'no rules: matches nothing';
}

interface Props {
  t: TemplateInfo;
  first: boolean;
  last: boolean;
  selected: boolean;
  act: (fn: () => Promise<unknown>) => void;
  onMove: (by: -1 | 1) => void;
  onEdit: () => void;
}

/** One template in matching order: thumbnail, rules in short, count, and its controls. */
export function TemplateCard({ t, first, last, selected, act, onMove, onEdit }: Props) {
  return (
    <li className={`tpl-card${t.active ? '' : ' off'}${selected ? ' selected' : ''}`} aria-label={t.name}>
      <div className="tpl-thumb">
        {t.hasThumbnail ? <img src={templateThumbnailUrl(t.id, `${t.thumbnailScope}-${t.thumbnail}`)} alt="" loading="lazy" /> : <span aria-hidden>▦</span>}
      </div>
      <div className="tpl-main">
        <div className="tpl-name">{t.name}</div>
        <div className="tpl-rules muted" title={summary(t)}>
          {summary(t)}
        </div>
      </div>
      <div className="tpl-count" title={t.manualCount ? `${t.manualCount} assigned by hand` : undefined}>
        <strong>{t.count.toLocaleString()}</strong> <span className="muted">recording{t.count === 1 ? '' : 's'}</span>
      </div>
      <div className="tpl-actions">
        <label className="switch" title={t.active ? 'Enabled' : 'Disabled'}>
          <input type="checkbox" aria-label={`Enable ${t.name}`} checked={t.active} onChange={(e) => act(() => api['templates:setActive']({ id: t.id, active: e.target.checked }))} />
          {t.active ? 'On' : 'Off'}
        </label>
        <button className="icon" aria-label={`Move ${t.name} up`} disabled={first} onClick={() => onMove(-1)}>
          ↑
        </button>
        <button className="icon" aria-label={`Move ${t.name} down`} disabled={last} onClick={() => onMove(1)}>
          ↓
        </button>
        <button aria-label={`Edit ${t.name}`} onClick={onEdit}>
          Edit
        </button>
      </div>
    </li>
  );
}
