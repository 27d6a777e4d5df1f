import { useEffect, useMemo, useState } from 'react';
import type { MigrateApplyReport, MigrateLeftoverRemoval, MigratePlanGroup, MigrateRunInfo, MigrateUndoReport } from '../../../src-shared/channels/migrate';
import type { JobInfo } from '../../../src-shared/jobs';
import { api } from '../api/client';
import { ProgressBar } from '../components/ProgressBar';
import { formatBytes, formatEta } from '../format';
import { useJobs } from '../store/jobs';
import { useMigrate } from '../store/migrate';

type Filter = 'all' | 'move' | 'dedupe' | 'leave' | 'conflicts';
const FILTERS: { id: Filter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'move', label: 'Move' },
  { id: 'dedupe', label: 'Dedupe' },
  { id: 'leave', label: 'Leave' },
  { id: 'conflicts', label: 'Conflicts' },
];

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function JobProgressPanel({ job, label }: { job: JobInfo | undefined; label: string }) {
  if (!job) return <p className="muted">Starting…</p>;
  const p = job.progress;
  const fraction = p.bytesTotal ? p.bytesDone / p.bytesTotal : p.total ? p.done / p.total : 0;
  return (
    <div className="migrate-progress" aria-live="polite">
      <div className="row between">
        <span>{label}</span>
        <span className="muted">
          {p.done}/{p.total} files{p.bytesTotal ? ` · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : ''}
          {p.rate > 0 ? ` · ${formatBytes(p.rate)}/s ${formatEta(p.etaSec)}` : ''}
        </span>
      </div>
      <ProgressBar value={fraction} />
      <div className="muted migrate-current">{p.current ?? ''}</div>
    </div>
  );
}

function groupMatches(f: MigratePlanGroup['files'][number], filter: Filter): boolean {
  if (filter === 'all') return true;
  if (filter === 'conflicts') return f.conflict;
  return f.action === filter;
}

export function MigrateView() {
  const s = useMigrate();
  const job = useJobs((st) => (s.jobId !== null ? st.jobs.get(s.jobId) : undefined));
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const [runs, setRuns] = useState<MigrateRunInfo[]>([]);
  const [removal, setRemoval] = useState<MigrateLeftoverRemoval | null>(null);
  const [removing, setRemoving] = useState(false);

  useEffect(() => {
    if (s.step !== 'choose') return;
    api['migrate:runs']({ limit: 20 }).then(setRuns, () => setRuns([]));
  }, [s.step]);

  const openRun = async (runId: string) => {
    try {
      const { run, plan } = await api['migrate:get']({ runId });
      s.set({ run, plan, mediaDir: run.mediaDir, error: null, step: run.state === 'planned' ? 'plan' : run.state === 'undone' ? 'undone' : 'report' });
    } catch (err) {
      s.set({ error: message(err) });
    }
  };

  // Follow the running job to the next wizard step.
  useEffect(() => {
    if (!job || job.state === 'running' || job.state === 'queued') return;
    const st = useMigrate.getState();
    if (job.state === 'failed') {
      const back = st.step === 'scanning' ? 'choose' : st.step === 'applying' ? 'plan' : st.step === 'undoing' ? 'report' : st.step;
      st.set({ error: job.error ?? 'the job failed', step: back, jobId: null });
      // Back at the plan: show the stored one, which is the new plan when the folder changed since.
      const planned = st.plan?.runId;
      if (back === 'plan' && planned) {
        api['migrate:get']({ runId: planned }).then(
          ({ run, plan }) => useMigrate.getState().set({ run, plan }),
          () => undefined,
        );
      }
      return;
    }
    const runId = typeof job.summary.runId === 'string' ? job.summary.runId : st.plan?.runId;
    if (!runId) return;
    void (async () => {
      try {
        const { run, plan } = await api['migrate:get']({ runId });
        if (job.state === 'cancelled') st.set({ run, plan, jobId: null, step: st.step === 'applying' ? 'report' : st.step === 'scanning' ? 'choose' : st.step });
        else if (st.step === 'scanning') st.set({ plan, run, step: 'plan', jobId: null });
        else if (st.step === 'applying') st.set({ plan, run, step: 'report', jobId: null });
        else if (st.step === 'undoing') st.set({ plan, run, step: 'undone', jobId: null });
      } catch (err) {
        st.set({ error: message(err) });
      }
    })();
  }, [job]);

  const browse = async () => {
    try {
      const res = await api['dialog:pick']({ kind: 'folder', title: 'Choose the old media folder' });
      if (res.paths?.[0]) s.set({ mediaDir: res.paths[0] });
      else if (res.paths === null && !window.reclib) s.set({ error: 'This browser cannot open a folder picker: type or paste the path instead.' });
    } catch (err) {
      s.set({ error: message(err) });
    }
  };
  const startJob = async (step: 'scanning' | 'applying' | 'undoing', call: () => Promise<{ jobId: number }>) => {
    s.set({ error: null });
    try {
      const { jobId } = await call();
      s.set({ jobId, step });
    } catch (err) {
      s.set({ error: message(err) });
    }
  };

  const plan = s.plan;
  const groups = useMemo(() => {
    if (!plan) return [];
    const term = search.trim().toLowerCase();
    return plan.recordings
      .map((g) => ({ g, files: g.files.filter((f) => groupMatches(f, filter) && (!term || g.displayName.toLowerCase().includes(term) || f.from.toLowerCase().includes(term))) }))
      .filter((x) => x.files.length > 0);
  }, [plan, filter, search]);
  const leftovers = useMemo(() => {
    if (!plan || !(filter === 'all' || filter === 'leave' || filter === 'conflicts')) return [];
    const term = search.trim().toLowerCase();
    // Under Conflicts, only what was left because it could not be placed (not cleanup leftovers).
    return plan.leftovers.filter((l) => (!term || l.path.toLowerCase().includes(term)) && (filter !== 'conflicts' || !l.reason.startsWith('temp_processing leftover')));
  }, [plan, filter, search]);
  const conflicts = plan ? plan.recordings.flatMap((g) => g.files).filter((f) => groupMatches(f, 'conflicts')).length : 0;
  const report = s.run?.report && 'moved' in s.run.report ? (s.run.report as MigrateApplyReport) : null;
  const undoReport = s.run?.report && 'restored' in s.run.report ? (s.run.report as MigrateUndoReport) : null;
  // The plan's temp_processing leftovers (the report lists the same paths); sizes come from the plan.
  const tempLeft = plan && report ? plan.leftovers.filter((l) => l.reason.startsWith('temp_processing leftover') && report.leftovers.some((r) => r.path === l.path)) : [];
  const tempCount = tempLeft.length;
  const tempBytes = tempLeft.reduce((a, l) => a + l.bytes, 0);
  const removeLeftovers = async (runId: string) => {
    setRemoving(true);
    s.set({ error: null });
    try {
      setRemoval(await api['migrate:removeLeftovers']({ runId }));
    } catch (err) {
      s.set({ error: message(err) });
    } finally {
      setRemoving(false);
    }
  };

  return (
    <section className="view migrate-view" aria-label="Migrate">
      <header className="view-head">
        <h1>Migrate an old media folder</h1>
        {s.step !== 'choose' && s.step !== 'scanning' && s.step !== 'applying' && s.step !== 'undoing' ? (
          <button onClick={() => s.reset()}>Start over</button>
        ) : null}
      </header>
      {s.error ? (
        <div className="banner error" role="alert">
          {s.error}
        </div>
      ) : null}

      {s.step === 'choose' ? (
        <div className="migrate-choose">
          <p className="muted">
            Reclib reads the old <code>media/</code> folder, shows exactly what it would do, and moves nothing until you confirm. Every move is journaled and verified, and a run can be undone.
          </p>
          <label className="field">
            <span>Legacy media folder</span>
            <input aria-label="Legacy media folder" value={s.mediaDir} onChange={(e) => s.set({ mediaDir: e.target.value })} placeholder="/home/me/old-app/media" spellCheck={false} />
          </label>
          <div className="row gap">
            <button onClick={() => void browse()}>Choose folder…</button>
            <button className="primary" disabled={!s.mediaDir.trim()} onClick={() => void startJob('scanning', () => api['migrate:plan']({ mediaDir: s.mediaDir.trim() }))}>
              Scan
            </button>
          </div>
          {runs.filter((r) => r.state !== 'planned').length ? (
            <>
              <h3>Earlier runs</h3>
              <ul className="migrate-runs" aria-label="Earlier runs">
                {runs
                  .filter((r) => r.state !== 'planned')
                  .map((r) => (
                    <li key={r.id} className="row between">
                      <span>
                        <code>{r.id}</code> · {r.mediaDir} · <span className={`pill pill-${r.state}`}>{r.state}</span>
                      </span>
                      <button onClick={() => void openRun(r.id)}>Open</button>
                    </li>
                  ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}

      {s.step === 'scanning' ? (
        <>
          <JobProgressPanel job={job} label="Scanning and hashing the legacy folder…" />
          {job ? <button onClick={() => void api['jobs:cancel']({ id: job.id })}>Cancel scan</button> : null}
        </>
      ) : null}

      {s.step === 'plan' && plan ? (
        <div className="migrate-plan">
          <p className="migrate-totals" aria-label="Plan totals">
            <strong>{plan.recordings.filter((g) => g.kind === 'recording').length}</strong> recordings · <strong>{plan.totals.files}</strong> files ({formatBytes(plan.totals.bytes)}):{' '}
            <strong>{plan.totals.move}</strong> move · <strong>{plan.totals.dedupe}</strong> dedupe · <strong>{plan.totals.leave}</strong> leave · <strong>{conflicts}</strong> conflicts
          </p>
          {plan.profiles.some((p) => p.create) ? (
            <p className="muted">New profiles: {plan.profiles.filter((p) => p.create).map((p) => `${p.name} (#${p.id})`).join(', ')}</p>
          ) : null}
          <div className="toolbar">
            <div className="segmented" role="group" aria-label="Filter">
              {FILTERS.map((f) => (
                <button key={f.id} className={filter === f.id ? 'active' : ''} aria-pressed={filter === f.id} onClick={() => setFilter(f.id)}>
                  {f.label}
                </button>
              ))}
            </div>
            <input className="search" type="search" aria-label="Search the plan" placeholder="Search names and paths" value={search} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <div className="migrate-table" role="table" aria-label="Migration plan">
            {groups.map(({ g, files }) => (
              <div key={`${g.kind}-${g.recordingId ?? g.displayName}`} className="migrate-group" role="rowgroup">
                <div className="migrate-group-head" role="row">
                  <span role="cell" className="migrate-name">
                    {g.kind === 'recording' ? `#${g.recordingId} ` : ''}
                    {g.displayName}
                  </span>
                  <span role="cell" className="muted">
                    profile {g.profileId}
                    {g.legacyId !== null ? ` · legacy #${g.legacyId}` : ''}
                  </span>
                  <span role="cell" className="num muted">
                    {g.files.length} {g.files.length === 1 ? 'file' : 'files'} · {formatBytes(g.files.reduce((a, f) => a + f.bytes, 0))}
                  </span>
                </div>
                {files.map((f) => (
                  <div key={f.from} className={`migrate-file action-${f.action}`} role="row">
                    <span role="cell" className={`pill pill-${f.action}`}>
                      {f.action}
                    </span>
                    <span role="cell" className="path" title={f.from}>
                      {f.from}
                    </span>
                    <span role="cell" className="path muted" title={f.to ?? ''}>
                      → {f.to ?? 'stays'}
                    </span>
                    <span role="cell" className="num">
                      {formatBytes(f.bytes)}
                    </span>
                    {f.reason ? (
                      <span role="cell" className="reason">
                        {f.reason}
                      </span>
                    ) : null}
                  </div>
                ))}
              </div>
            ))}
            {leftovers.length ? (
              <div className="migrate-group" role="rowgroup" aria-label="Left in place">
                <div className="migrate-group-head" role="row">
                  <span role="cell" className="migrate-name">
                    Left in place
                  </span>
                  <span role="cell" className="num muted">
                    {plan.leftovers.length} files · {formatBytes(plan.leftovers.reduce((a, l) => a + l.bytes, 0))}
                  </span>
                </div>
                {leftovers.map((l) => (
                  <div key={l.path} className="migrate-file action-leave" role="row">
                    <span role="cell" className="pill pill-leave">
                      leave
                    </span>
                    <span role="cell" className="path">
                      {l.path}
                    </span>
                    <span role="cell" className="num">
                      {formatBytes(l.bytes)}
                    </span>
                    <span role="cell" className="reason">
                      {l.reason}
                    </span>
                  </div>
                ))}
              </div>
            ) : null}
            {groups.length === 0 && leftovers.length === 0 ? <p className="no-match">Nothing matches this filter.</p> : null}
          </div>
          <div className="modal-actions">
            <button
              className="primary"
              disabled={plan.totals.move + plan.totals.dedupe === 0}
              onClick={() => void startJob('applying', () => api['migrate:apply']({ runId: plan.runId }))}
            >
              Migrate {plan.totals.move + plan.totals.dedupe} files
            </button>
          </div>
        </div>
      ) : null}

      {s.step === 'applying' ? (
        <>
          <JobProgressPanel job={job} label="Moving files into the library…" />
          {job ? <button onClick={() => void api['jobs:cancel']({ id: job.id })}>Cancel migration</button> : null}
        </>
      ) : null}

      {s.step === 'report' && s.run ? (
        <div className="migrate-report" aria-label="Migration report">
          {report ? (
            <>
              <h2>{report.unaccounted.length === 0 ? 'Migration verified' : 'Migration incomplete'}</h2>
              <p className="report-summary">
                <strong>{report.moved}</strong> moved · <strong>{report.deduped}</strong> deduplicated · <strong>{report.leftovers.length}</strong> left in place ·{' '}
                <strong data-testid="unaccounted">{report.unaccounted.length}</strong> unaccounted
              </p>
              {report.unaccounted.length ? (
                <ul className="refusals" aria-label="Unaccounted files">
                  {report.unaccounted.map((u) => (
                    <li key={u.path}>
                      <span className="path">{u.path}</span> — <span className="reason">{u.reason}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {report.leftovers.length ? (
                <details>
                  <summary>{report.leftovers.length} left in place</summary>
                  <ul className="refusals">
                    {report.leftovers.map((l) => (
                      <li key={l.path}>
                        <span className="path">{l.path}</span> — <span className="reason">{l.reason}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </>
          ) : (
            <p>
              Run {s.run.id} is <strong>{s.run.state}</strong>: what moved is committed. Resume it, or undo it.
            </p>
          )}
          {s.run.state === 'applied' && report && report.unaccounted.length === 0 && tempCount > 0 ? (
            <div className="migrate-temp" aria-label="temp_processing leftovers">
              <p>
                {tempCount} temp_processing leftovers ({formatBytes(tempBytes)}) stay in the old folder. Only these files are removed, each checked again first (same
                size, not a link, still inside the folder); every removal is written to the audit log.
              </p>
              {removal && removal.runId === s.run.id ? (
                <p className="report-summary" data-testid="leftovers-removed">
                  Removed {removal.removed.length} files ({formatBytes(removal.bytes)}){removal.skipped.length ? `, kept ${removal.skipped.length}` : ''}.
                </p>
              ) : (
                <button disabled={removing} onClick={() => void removeLeftovers(s.run!.id)}>
                  Remove temp_processing leftovers
                </button>
              )}
              {removal && removal.runId === s.run.id && removal.skipped.length ? (
                <ul className="refusals">
                  {removal.skipped.map((x) => (
                    <li key={x.path}>
                      <span className="path">{x.path}</span> — <span className="reason">{x.reason}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          <div className="row gap">
            {s.run.state === 'cancelled' || s.run.state === 'failed' || s.run.state === 'applying' ? (
              <button onClick={() => void startJob('applying', () => api['migrate:apply']({ runId: s.run!.id }))}>Resume</button>
            ) : null}
            <button onClick={() => void startJob('undoing', () => api['migrate:undo']({ runId: s.run!.id }))}>Undo this migration</button>
          </div>
        </div>
      ) : null}

      {s.step === 'undoing' ? <JobProgressPanel job={job} label="Putting every file back…" /> : null}

      {s.step === 'undone' && undoReport ? (
        <div className="migrate-report" aria-label="Undo report">
          <h2>Migration undone</h2>
          <p className="report-summary">
            <strong>{undoReport.restored}</strong> files restored to {s.run?.mediaDir} · <strong data-testid="undo-unaccounted">{undoReport.unaccounted.length}</strong> unaccounted
          </p>
          {undoReport.unaccounted.length ? (
            <ul className="refusals" aria-label="Files not restored">
              {undoReport.unaccounted.map((u) => (
                <li key={u.path}>
                  <span className="path">{u.path}</span> — <span className="reason">{u.reason}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
