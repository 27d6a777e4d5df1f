import { useTranslation } from 'react-i18next';
import type { MigratePlanGroup, MigratePlanView } from '@shared/channels/migrate';
import { useFormat } from '../../i18n/useFormat';
import { sayReason } from '../../lib/reasons';
import { legacyProfileWords, type T } from './words';

type PlanFile = MigratePlanGroup['files'][number];

/** A group's name: a recording's own, the others' (migrate/plan/thumbnails) in the person's words. */
function groupName(g: MigratePlanGroup, t: T): string {
  if (g.kind === 'templates') return t('plan.groupTemplates');
  if (g.kind === 'archive') return t('plan.groupArchive');
  const of = g.kind === 'thumbnails' ? /^Thumbnails of (.+)$/.exec(g.displayName) : null;
  return of ? t('plan.groupThumbnails', { profile: legacyProfileWords(of[1]!, t) }) : g.displayName;
}

function GroupRows({ g, files }: { g: MigratePlanGroup; files: PlanFile[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const where = [t('plan.profile', { id: g.profileId }), ...(g.legacyId !== null ? [t('plan.legacy', { id: g.legacyId })] : [])].join(' · ');
  return (
    <div className="migrate-group" role="rowgroup">
      <div className="migrate-group-head" role="row">
        <span role="cell" className="migrate-name">
          {g.kind === 'recording' ? `${t('plan.recordingNumber', { id: g.recordingId })} ` : ''}
          {groupName(g, t)}
        </span>
        <span role="cell" className="muted">
          {where}
        </span>
        <span role="cell" className="num muted">
          {t('plan.groupFiles', { count: g.files.length, size: fmt.bytes(g.files.reduce((a, f) => a + f.bytes, 0)) })}
        </span>
      </div>
      {files.map((f) => (
        <div key={f.from} className={`migrate-file action-${f.action}`} role="row">
          <span role="cell" className={`pill pill-${f.action}`}>
            {t(`plan.action.${f.action}`)}
          </span>
          <span role="cell" className="path" title={f.from}>
            {f.from}
          </span>
          <span role="cell" className="path muted" title={f.to ?? ''}>
            {f.to ? t('plan.to', { path: f.to }) : t('plan.stays')}
          </span>
          <span role="cell" className="num">
            {fmt.bytes(f.bytes)}
          </span>
          {f.reason ? (
            <span role="cell" className="reason">
              {sayReason(f.reason).text}
            </span>
          ) : null}
        </div>
      ))}
    </div>
  );
}

function LeftoverRows({ plan, leftovers }: { plan: MigratePlanView; leftovers: MigratePlanView['leftovers'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div className="migrate-group" role="rowgroup" aria-label={t('plan.leftInPlace')}>
      <div className="migrate-group-head" role="row">
        <span role="cell" className="migrate-name">
          {t('plan.leftInPlace')}
        </span>
        <span role="cell" className="num muted">
          {t('plan.groupFiles', { count: plan.leftovers.length, size: fmt.bytes(plan.leftovers.reduce((a, l) => a + l.bytes, 0)) })}
        </span>
      </div>
      {leftovers.map((l) => (
        <div key={l.path} className="migrate-file action-leave" role="row">
          <span role="cell" className="pill pill-leave">
            {t('plan.action.leave')}
          </span>
          <span role="cell" className="path">
            {l.path}
          </span>
          <span role="cell" className="num">
            {fmt.bytes(l.bytes)}
          </span>
          <span role="cell" className="reason">
            {sayReason(l.reason).text}
          </span>
        </div>
      ))}
    </div>
  );
}

/** Every source, destination and reason of a plan, grouped by recording, then what stays behind. */
export function PlanTable({ plan, groups, leftovers }: { plan: MigratePlanView; groups: { g: MigratePlanGroup; files: PlanFile[] }[]; leftovers: MigratePlanView['leftovers'] }) {
  const { t } = useTranslation();
  return (
    <div className="migrate-table" role="table" aria-label={t('plan.table')}>
      {groups.map(({ g, files }) => (
        <GroupRows key={`${g.kind}-${g.recordingId ?? g.displayName}`} g={g} files={files} />
      ))}
      {leftovers.length ? <LeftoverRows plan={plan} leftovers={leftovers} /> : null}
      {groups.length === 0 && leftovers.length === 0 ? <p className="no-match">{t('plan.noMatch')}</p> : null}
    </div>
  );
}
