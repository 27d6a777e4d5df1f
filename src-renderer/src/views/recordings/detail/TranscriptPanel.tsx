/**
 * The transcript beside the player: its lines with their times (a click or Enter plays from
 * there), the current line following playback, "Copy text", and, when there is none yet,
 * "Transcribe" (with the job's progress) and "Attach transcript…".
 *
 * Lines are buttons in a list with one tab stop (arrow keys move between them), so a long
 * transcript does not lengthen the Tab order. Following playback highlights and scrolls the
 * list itself, never moving focus.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TranscriptSegmentView as TranscriptSegment, TranscriptView } from '@shared/channels/transcripts';
import type { RecordingDetail } from '@shared/domain';
import type { JobInfo } from '@shared/jobs';
import { api } from '../../../api/client';
import { ProgressBar } from '../../../components/ProgressBar';
import { useFormat } from '../../../i18n/useFormat';
import { clock } from '../../../lib/clock';
import { errorMessage } from '../../../lib/errors';
import { sayReason } from '../../../lib/reasons';
import { useJobs } from '../../../store/jobs';
import { currentPlayer, seekPlayer } from '../../../store/player';
import { AttachTranscript } from './AttachTranscript';
import './transcript.css';
import { sayProgressLine } from '../../../lib/job-words';

const TRANSCRIBABLE = new Set(['processed', 'needs_review']);
const ENGINES = ['pocketsphinx', 'whisper'] as const;
type Engine = (typeof ENGINES)[number];

function latestTranscribeJob(jobs: Map<number, JobInfo>, recordingId: number): JobInfo | null {
  let best: JobInfo | null = null;
  for (const j of jobs.values()) if (j.kind === 'process' && j.recordingId === recordingId && 'transcribe' in j.stages && (!best || j.id > best.id)) best = j;
  return best;
}

/** The index of the segment playing at `t`: the last one that started at or before it. */
export function segmentAt(segments: readonly { start: number; end: number }[], t: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid]!.start <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function TranscribeControls({ rec, onError }: { rec: RecordingDetail; onError: (e: string | null) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const job = useJobs((s) => latestTranscribeJob(s.jobs, rec.id));
  const [engine, setEngine] = useState<Engine | null>(null);
  useEffect(() => {
    void api['settings:get']({}).then(
      (s) => setEngine((cur) => cur ?? s.transcription.engine),
      () => setEngine((cur) => cur ?? 'whisper'),
    );
  }, []);
  const active = job !== null && (job.state === 'running' || job.state === 'queued');
  const can = TRANSCRIBABLE.has(rec.status);
  const start = async () => {
    onError(null);
    try {
      const res = await api['transcript:start']({ ids: [rec.id], ...(engine ? { engine } : {}) });
      if (res.skipped[0]) onError(t('transcript.notTranscribed', { reason: sayReason(res.skipped[0].reason).text }));
    } catch (err) {
      onError(errorMessage(err));
    }
  };
  return (
    <>
      <div className="row gap transcript-actions">
        <select aria-label={t('transcript.engine')} value={engine ?? ''} disabled={active} onChange={(e) => setEngine(e.target.value as Engine)}>
          {ENGINES.map((e) => (
            <option key={e} value={e}>
              {t(`transcript.engines.${e}`)}
            </option>
          ))}
        </select>
        {active ? (
          <button onClick={() => void api['jobs:cancel']({ id: job.id }).catch((err: unknown) => onError(errorMessage(err)))}>{t('processing.cancel')}</button>
        ) : (
          <button className="primary" disabled={!can || engine === null} title={can ? undefined : t('transcript.needsProcessing')} onClick={() => void start()}>
            {t('transcript.transcribe')}
          </button>
        )}
      </div>
      {!can && !active ? <p className="muted">{t('transcript.needsProcessing')}</p> : null}
      {active ? (
        <div className="transcript-job">
          <ProgressBar value={job.progress.fraction ?? 0} label={t('transcript.transcribing')} />
          <div className="row between muted">
            <span>{sayProgressLine(job.progress.current) ?? (job.state === 'queued' ? t('transcript.waiting') : '')}</span>
            <span>{fmt.eta(job.progress.etaSec)}</span>
          </div>
        </div>
      ) : job?.state === 'failed' && job.error ? (
        <div className="banner error">{t('transcript.notTranscribed', { reason: sayReason(job.stages.transcribe?.reason ?? job.error).text })}</div>
      ) : null}
    </>
  );
}

/** The line playing now, followed as the player moves; media events do not bubble, so a capturing listener sees them. */
function useFollowPlayback(segments: TranscriptSegment[]): [number, (i: number) => void] {
  const [current, setCurrent] = useState(-1);
  useEffect(() => {
    if (!segments.length) return;
    const onTime = (e: Event) => {
      const el = currentPlayer();
      if (!el || e.target !== el) return;
      setCurrent(segmentAt(segments, el.currentTime));
    };
    document.addEventListener('timeupdate', onTime, true);
    document.addEventListener('seeked', onTime, true);
    return () => {
      document.removeEventListener('timeupdate', onTime, true);
      document.removeEventListener('seeked', onTime, true);
    };
  }, [segments]);
  return [current, setCurrent];
}

/** The lines: one tab stop, arrows/Home/End move, a click seeks; the current line stays in the list's view. */
function TranscriptLines({ segments }: { segments: TranscriptSegment[] }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useFollowPlayback(segments);
  const [cursor, setCursor] = useState(0);
  const list = useRef<HTMLOListElement | null>(null);

  // The list scrolls, not the page, and focus stays where it is.
  useEffect(() => {
    const ol = list.current;
    const li = current >= 0 ? (ol?.children[current] as HTMLElement | undefined) : undefined;
    if (!ol || !li) return;
    const top = li.offsetTop;
    const bottom = top + li.offsetHeight;
    if (top < ol.scrollTop || bottom > ol.scrollTop + ol.clientHeight) ol.scrollTop = Math.max(0, top - ol.clientHeight / 3);
  }, [current]);

  const seek = (i: number) => {
    const s = segments[i];
    const el = currentPlayer();
    if (!s || !el) return;
    setCursor(i);
    setCurrent(i);
    seekPlayer(el, s.start);
  };

  const onKey = (e: React.KeyboardEvent<HTMLOListElement>) => {
    const last = segments.length - 1;
    const to = e.key === 'ArrowDown' ? Math.min(last, cursor + 1) : e.key === 'ArrowUp' ? Math.max(0, cursor - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (to === null) return;
    e.preventDefault();
    e.stopPropagation(); // the table's arrow keys are not for this list
    setCursor(to);
    list.current?.querySelectorAll<HTMLButtonElement>('button.transcript-line')[to]?.focus();
  };

  return (
    <ol ref={list} className="transcript-lines" aria-label={t('transcript.lines')} onKeyDown={onKey}>
      {segments.map((s, i) => (
        <li key={`${s.start}-${i}`}>
          <button
            type="button"
            className="transcript-line"
            tabIndex={i === cursor ? 0 : -1}
            aria-current={i === current ? 'true' : undefined}
            title={t('transcript.seekTo', { time: clock(s.start) })}
            data-start={s.start}
            data-end={s.end}
            onClick={() => seek(i)}
          >
            <span className="transcript-time">{clock(s.start)}</span> <span className="transcript-text">{s.text}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}

export function TranscriptPanel({ rec }: { rec: RecordingDetail }) {
  const { t } = useTranslation();
  const [view, setView] = useState<TranscriptView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  // The transcript's files (id and size) version what is shown: a new transcript reloads it.
  const version = rec.files
    .filter((f) => f.kind === 'transcript')
    .map((f) => `${f.id}-${f.size}`)
    .join(',');

  useEffect(() => {
    let live = true;
    api['transcript:get']({ id: rec.id }).then(
      (v) => live && setView(v),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [rec.id, version]);

  const segments = useMemo(() => view?.segments ?? [], [view]);

  const copy = async () => {
    setError(null);
    try {
      await navigator.clipboard.writeText(segments.map((s) => s.text).join('\n'));
      setNote(t('transcript.copied'));
    } catch {
      setError(t('transcript.cannotCopy'));
    }
  };

  const source = view?.source ?? null;
  return (
    <section className="transcript" aria-label={t('transcript.label')}>
      <div className="row between">
        <h3>{t('transcript.title')}</h3>
        <div className="row gap">
          {segments.length ? <button onClick={() => void copy()}>{t('transcript.copy')}</button> : null}
          <AttachTranscript
            recordingId={rec.id}
            disabled={rec.status === 'trashed' || rec.status === 'processing' || rec.status === 'importing'}
            kept={rec.keptStartSec !== null && rec.keptEndSec !== null ? { start: rec.keptStartSec, end: rec.keptEndSec } : null}
            onAttached={(res) => {
              setView(res.transcript);
              const dropped = res.attached.transcript?.dropped ?? 0;
              setNote([t('transcript.attached', { count: res.transcript.segments.length }), ...(dropped ? [t('transcriptTimeline.dropped', { count: dropped })] : [])].join(' '));
              setError(res.attached.transcript?.warnings.length ? res.attached.transcript.warnings.join(' ') : null);
            }}
            onError={setError}
            onBusy={(name) => setNote(name ? t('transcript.attaching', { name }) : null)}
          />
        </div>
      </div>
      {source ? (
        <p className="muted transcript-source">
          {source.origin === 'engine' ? t('transcript.source.engine', { engine: [source.engine, source.model].filter(Boolean).join(' ') }) : t(`transcript.source.${source.origin}`)}
        </p>
      ) : null}
      {view === null && !error ? <p className="muted">{t('transcript.loading')}</p> : null}
      {segments.length ? (
        <TranscriptLines segments={segments} />
      ) : view !== null ? (
        <>
          <p className="muted">{t('transcript.none')}</p>
          <TranscribeControls rec={rec} onError={setError} />
        </>
      ) : null}
      {note ? (
        <p className="muted" role="status">
          {note}
        </p>
      ) : null}
      {error ? <div className="banner error">{error}</div> : null}
    </section>
  );
}
