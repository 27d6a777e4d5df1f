import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import type { TemplateInfo } from '@shared/channels/templates';
import { api, templateThumbnailUrl } from '../../api/client';

function summary(x: TemplateInfo, t: TFunction): string {
  const r = x.rules;
  const parts: string[] = [];
  if (r.keywords.length) parts.push(r.keywords.slice(0, 4).join(', ') + (r.keywords.length > 4 ? ` ${t('templates.summary.more', { count: r.keywords.length - 4 })}` : ''));
  if (r.exact.length) parts.push(t('templates.summary.exact', { count: r.exact.length }));
  if (r.patterns.length) parts.push(t('templates.summary.patterns', { count: r.patterns.length }));
  const ex = r.excludeKeywords.length + r.excludePatterns.length;
  if (ex) parts.push(t('templates.summary.exclusions', { count: ex }));
  if (r.caseSensitive) parts.push(t('templates.summary.caseSensitive'));
  return parts.join(' · ') || t('templates.summary.empty');
}

interface Props {
  x: TemplateInfo;
  first: boolean;
  last: boolean;
  selected: boolean;
  act: (fn: () => Promise<unknown>) => void;
  onMove: (by: -1 | 1) => void;
  onEdit: () => void;
}

/** One template in matching order: thumbnail, rules in short, count, and its controls. */
export function TemplateCard({ x, first, last, selected, act, onMove, onEdit }: Props) {
  const { t } = useTranslation();
  const rules = summary(x, t);
  return (
    <li className={`tpl-card${x.active ? '' : ' off'}${selected ? ' selected' : ''}`} aria-label={x.name}>
      <div className="tpl-thumb">
        {x.hasThumbnail ? <img src={templateThumbnailUrl(x.id, `${x.thumbnailScope}-${x.thumbnail}`)} alt="" loading="lazy" /> : <span aria-hidden>▦</span>}
      </div>
      <div className="tpl-main">
        <div className="tpl-name">{x.name}</div>
        <div className="tpl-rules muted" title={rules}>
          {rules}
        </div>
      </div>
      <div className="tpl-count" title={x.manualCount ? t('templates.manual', { count: x.manualCount }) : undefined}>
        <Trans i18nKey="templates.count" count={x.count} values={{ count: x.count }} components={{ b: <strong /> }} />
      </div>
      <div className="tpl-actions">
        <label className="switch" title={x.active ? t('templates.enabled') : t('templates.disabled')}>
          <input
            type="checkbox"
            aria-label={t('templates.enable', { name: x.name })}
            checked={x.active}
            onChange={(e) => act(() => api['templates:setActive']({ id: x.id, active: e.target.checked }))}
          />
          {x.active ? t('templates.on') : t('templates.off')}
        </label>
        <button className="icon" aria-label={t('templates.moveUp', { name: x.name })} disabled={first} onClick={() => onMove(-1)}>
          ↑
        </button>
        <button className="icon" aria-label={t('templates.moveDown', { name: x.name })} disabled={last} onClick={() => onMove(1)}>
          ↓
        </button>
        <button aria-label={t('templates.editNamed', { name: x.name })} onClick={onEdit}>
          {t('common.edit')}
        </button>
      </div>
    </li>
  );
}
