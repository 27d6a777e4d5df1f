import { useTranslation } from 'react-i18next';
import type { RecordingDetail } from '@shared/domain';
import type { TemplateInfo } from '@shared/channels/templates';
import { useFormat } from '../../../i18n/useFormat';
import { ReasonText } from '../../../components/ReasonText';
import { ExpiryFact } from './ExpiryFact';

function MediaFacts({ rec }: { rec: RecordingDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <>
      {rec.keptStartSec !== null && rec.keptEndSec !== null ? (
        <>
          <dt>{t('detail.facts.kept')}</dt>
          <dd title={t('detail.facts.keptHint')}>
            {t('detail.facts.keptRange', { from: fmt.duration(rec.keptStartSec), to: fmt.duration(rec.keptEndSec), length: fmt.duration(rec.keptEndSec - rec.keptStartSec) })}
          </dd>
        </>
      ) : null}
      {rec.media?.video ? (
        <>
          <dt>{t('detail.facts.video')}</dt>
          <dd>{t('detail.facts.videoValue', { codec: rec.media.video.codec, width: rec.media.video.width, height: rec.media.video.height })}</dd>
        </>
      ) : null}
      {rec.media?.audio ? (
        <>
          <dt>{t('detail.facts.audio')}</dt>
          <dd>{t('detail.facts.audioValue', { codec: rec.media.audio.codec, channels: rec.media.audio.channels, rate: rec.media.audio.sampleRate })}</dd>
        </>
      ) : null}
    </>
  );
}

function TemplateFact({ rec, templates, onAssign }: { rec: RecordingDetail; templates: TemplateInfo[]; onAssign: (value: string) => void }) {
  const { t } = useTranslation();
  const byRules = rec.templateManual ? t('detail.template.byRules') : rec.templateName ? t('detail.template.byRulesNamed', { name: rec.templateName }) : t('detail.template.byRulesNone');
  return (
    <>
      <dt>{t('detail.facts.template')}</dt>
      <dd>
        <select
          aria-label={t('detail.facts.template')}
          value={rec.templateManual ? (rec.templateId === null ? 'none' : String(rec.templateId)) : 'auto'}
          onChange={(e) => onAssign(e.target.value)}
        >
          <option value="auto">{byRules}</option>
          <option value="none">{t('detail.template.none')}</option>
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
        {rec.templateManual ? <div className="muted small">{t('detail.template.manual')}</div> : null}
      </dd>
    </>
  );
}

/** Id, status, dates, durations, media and the template (by rules, none, or chosen by hand). */
export function DetailFacts({ rec, templates, onAssign }: { rec: RecordingDetail; templates: TemplateInfo[]; onAssign: (value: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <dl className="facts">
      <dt>{t('detail.facts.id')}</dt>
      <dd className="rec-id">#{rec.id}</dd>
      <dt>{t('detail.facts.status')}</dt>
      <dd>
        <span className={`status status-${rec.status}`}>{t(`status.${rec.status}`)}</span>
        {rec.statusReason ? (
          <>
            {' '}
            <ReasonText className="muted" text={rec.statusReason} code={rec.statusCode} params={rec.statusParams} detail={rec.statusDetail} />
          </>
        ) : null}
      </dd>
      <dt>{t('detail.facts.started')}</dt>
      <dd>{fmt.date(rec.startTime)}</dd>
      <dt>{t('detail.facts.duration')}</dt>
      <dd>{fmt.duration(rec.durationSec)}</dd>
      <MediaFacts rec={rec} />
      {rec.status !== 'trashed' ? <ExpiryFact rec={rec} /> : null}
      <TemplateFact rec={rec} templates={templates} onAssign={onAssign} />
    </dl>
  );
}
