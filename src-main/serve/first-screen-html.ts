/**
 * The first screen as plain HTML (issue 13, first paint): `reclib serve` writes it inside the
 * page's `<div id="root">` from the answers it already carries (src-shared/first-screen.ts), so the
 * browser paints the sidebar, the Recordings toolbar and the first rows as soon as the page and its
 * styles are in, before any script has run. The markup is the one the React components render
 * (App, Sidebar, RecordingsView, RecordingsToolbar, RecordingsTable, TableHead, RecordingRowView):
 * the same elements, roles, classes and inline styles, so styles.css lays it out alike and React's
 * first render (createRoot replaces #root's children) changes nothing a person sees. It is inert
 * (nothing in it can be focused or clicked; it is not yet the app) and aria-busy.
 *
 * Everything from the catalog is escaped: names, tags, templates and profiles are text, never markup.
 */
import type { LibraryInfo, LibraryStatus, RecordingQueryResult, RecordingRow } from '@shared/domain';
import { DEFAULT_LIST_QUERY, type FirstScreenAnswer, requestText } from '@shared/first-screen';
import { COLUMNS, columnVars, ROW_HEIGHT } from '@shared/recordings-table';
import type { AppSettings } from '@shared/settings';
import { COLUMN_WIDTH } from '@shared/settings-values';
import { RECORDING_STATUSES } from '@shared/domain';
import { formatBytes, formatDate, formatDuration } from '@shared/ui-format';
import { START_VIEW, VIEW_NAV } from '@shared/views';
import { type Translate, translator } from './first-screen-text';

/** Rows written: enough to fill a tall window (40 px each); the table's own overscan is 12 around the ones in view. */
export const FIRST_SCREEN_ROWS = 40;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const attrs = (a: Record<string, string | number | boolean | null | undefined>): string =>
  Object.entries(a)
    .filter(([, v]) => v !== null && v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`))
    .join('');

const el = (tag: string, a: Parameters<typeof attrs>[0], inner = ''): string => `<${tag}${attrs(a)}>${inner}</${tag}>`;

const styleOf = (vars: Record<string, string>): string =>
  Object.entries(vars)
    .map(([k, v]) => `${k}: ${v};`)
    .join(' ');

function valueOf<T>(answers: FirstScreenAnswer[], channel: string, request: object): T | undefined {
  const text = requestText(request);
  const a = answers.find((x) => x.channel === channel && x.request === text);
  return a?.envelope.ok ? (a.envelope.value as T) : undefined;
}

function sidebar(t: Translate, info: LibraryInfo): string {
  const nav = VIEW_NAV.map((v) => {
    const active = v.id === START_VIEW;
    return el('button', { class: `nav-item${active ? ' active' : ''}`, 'aria-current': active ? 'page' : null }, el('span', { class: 'nav-icon', 'aria-hidden': 'true' }, v.icon) + escapeHtml(t(`nav.${v.id}`)));
  }).join('');
  const foot =
    el('div', { class: 'lib-name' }, escapeHtml(info.root.split(/[\\/]/).pop() ?? '')) + el('div', { class: 'lib-meta' }, escapeHtml(t('nav.recordingCount', { count: info.recordingCount })));
  const brand = el('div', { class: 'brand' }, `${el('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '●')} ${escapeHtml(t('app.name'))}`);
  return el('nav', { class: 'sidebar', 'aria-label': t('nav.label') }, brand + nav + el('div', { class: 'sidebar-foot', title: info.root }, foot));
}

function toolbar(t: Translate, info: LibraryInfo): string {
  const option = (value: string | number, text: string) => el('option', { value }, escapeHtml(text));
  const select = (label: string, all: string, options: string) => el('select', { 'aria-label': label }, option('', all) + options);
  const search = el('div', { class: 'search-box' }, `<input${attrs({ type: 'search', class: 'search', 'aria-autocomplete': 'list', placeholder: t('transcript.searchPlaceholder'), 'aria-label': t('recordings.search'), value: '' })}>`);
  const statuses = select(t('recordings.filterStatus'), t('recordings.allStatuses'), RECORDING_STATUSES.map((s) => option(s, t(`status.${s}`))).join(''));
  // Templates are asked for once the view is up: the app's first render lists none either.
  const templates = select(t('recordings.filterTemplate'), t('recordings.allTemplates'), '');
  const profiles = info.profiles.length > 1 ? select(t('recordings.filterProfile'), t('recordings.allProfiles'), info.profiles.map((p) => option(p.id, p.name)).join('')) : '';
  const expiring = el(
    'div',
    { class: 'expiring-filter row gap', title: t('metadata.expiringHint', { count: 7 }) },
    el('label', { class: 'check' }, `<input type="checkbox"> ${escapeHtml(t('metadata.expiringSoon'))}`),
  );
  const layout = el('div', { class: 'layout-toggle', role: 'group', 'aria-label': t('layout.view') }, (['table', 'grid'] as const).map((l) => el('button', { 'aria-pressed': String(l === 'table') }, escapeHtml(t(`layout.${l}`)))).join(''));
  const buttons = el('button', { title: t('recordings.processAllNewHint') }, escapeHtml(t('recordings.processAllNew'))) + el('button', { class: 'primary' }, escapeHtml(t('recordings.import')));
  return el('div', { class: 'toolbar' }, search + statuses + templates + profiles + expiring + layout + buttons);
}

function tableHead(t: Translate, widths: Record<string, number>): string {
  const { sort, dir } = DEFAULT_LIST_QUERY;
  const cells = COLUMNS.map((c) => {
    const name = t(`recordings.columns.${c.key}`);
    const sorted = sort === c.key;
    const mark = sorted ? el('span', { class: 'sort-mark' }, dir === 'asc' ? ' ▲' : ' ▼') : '';
    const resizer =
      c.key !== 'name'
        ? el('div', { role: 'separator', 'aria-orientation': 'vertical', 'aria-label': t('layout.resizeColumn', { name }), 'aria-valuenow': widths[c.key], 'aria-valuemin': COLUMN_WIDTH.min, 'aria-valuemax': COLUMN_WIDTH.max, tabindex: 0, class: 'resizer ' }, '')
        : '';
    return el('div', { role: 'columnheader', 'aria-label': name, class: `th ${c.className}`, 'aria-sort': sorted ? (dir === 'asc' ? 'ascending' : 'descending') : 'none' }, el('button', { class: 'th-sort' }, escapeHtml(name) + mark) + resizer);
  });
  return el('div', { class: 'thead', role: 'row' }, el('div', { role: 'columnheader', class: 'th col-check', 'aria-label': t('recordings.selectedColumn') }, '') + cells.join(''));
}

function tagChips(t: Translate, tags: readonly string[]): string {
  if (!tags.length) return '';
  const shown = tags.slice(0, 3).map((tag) => el('button', { type: 'button', class: 'row-tag', tabindex: -1, 'aria-label': t('tagChips.search', { tag }), title: t('tagChips.search', { tag }) }, `#${escapeHtml(tag)}`));
  const rest = tags.slice(3);
  const more = rest.length ? el('span', { class: 'row-tag-more muted', title: t('tagChips.moreTitle', { tags: rest.join(', ') }) }, escapeHtml(t('tagChips.more', { n: rest.length }))) : '';
  return el('span', { class: 'tag-chips ' }, el('span', { class: 'tag-chips-list' }, shown.join('')) + more);
}

function row(t: Translate, lng: string, r: RecordingRow, index: number): string {
  // A picture is on its way when the row has one (its own, its template's, a poster): an empty tile until then, as the app's <img> before it loads.
  const pictured = r.thumbnailVersion !== null || r.templateId !== null || r.posterVersion !== null;
  const cells = [
    el('div', { role: 'cell', 'aria-label': t('recordings.selectedColumn'), class: 'td col-check' }, `<input${attrs({ type: 'checkbox', tabindex: -1, 'aria-label': t('recordings.select', { name: r.displayName }) })}>`),
    el(
      'div',
      { role: 'cell', class: `td col-name${r.tags.length ? ' has-tags' : ''}`, title: r.displayName, 'aria-label': r.displayName },
      el('span', { class: pictured ? 'row-thumb' : 'row-thumb blank', 'aria-hidden': 'true' }, '') + el('span', { class: 'name-text' }, escapeHtml(r.displayName)) + tagChips(t, r.tags),
    ),
    el('div', { role: 'cell', class: 'td col-date' }, escapeHtml(formatDate(r.startTime, lng))),
    el('div', { role: 'cell', class: 'td col-duration col-num' }, escapeHtml(formatDuration(r.keptDurationSec ?? r.durationSec))),
    el('div', { role: 'cell', class: 'td col-size col-num' }, escapeHtml(formatBytes(r.sizeBytes, lng))),
    el('div', { role: 'cell', class: 'td col-status' }, el('span', { class: `status status-${r.status}` }, escapeHtml(t(`status.${r.status}`)))),
    el('div', { role: 'cell', class: 'td col-template' }, escapeHtml(r.templateName ?? t('recordings.noTemplate'))),
  ];
  const style = `position: absolute; top: 0px; left: 0px; right: 0px; height: ${ROW_HEIGHT}px; transform: translateY(${index * ROW_HEIGHT}px);`;
  // The first row is the keyboard's row (the list's cursor starts there), as in the app.
  return el('div', { role: 'row', 'aria-rowindex': index + 2, 'data-index': index, tabindex: index === 0 ? 0 : -1, class: 'tr', style, 'aria-selected': 'false' }, cells.join(''));
}

function table(t: Translate, lng: string, list: RecordingQueryResult, widths: Record<string, number>): string {
  const rows = list.rows.slice(0, FIRST_SCREEN_ROWS).map((r, i) => row(t, lng, r, i));
  const body = el(
    'div',
    { class: 'tbody', role: 'rowgroup', tabindex: -1, 'aria-keyshortcuts': 'ArrowUp ArrowDown Home End PageUp PageDown Enter Space Delete Control+A' },
    el('div', { role: 'presentation', style: `height: ${list.total * ROW_HEIGHT}px; position: relative;` }, rows.join('')),
  );
  return el(
    'div',
    { class: 'table', role: 'table', 'aria-label': t('recordings.table'), 'aria-rowcount': list.total + 1, style: styleOf(columnVars(widths)) },
    tableHead(t, widths) + body + el('div', { class: 'tfoot' }, escapeHtml(t('recordings.total', { count: list.total }))),
  );
}

/**
 * The first screen's markup for `<div id="root">`, or '' when the page has no first screen to
 * show as the app would: no open (and online) library, no rows, the grid layout, or a missing answer.
 */
export function firstScreenHtml(answers: FirstScreenAnswer[], lng: string): string {
  const status = valueOf<LibraryStatus>(answers, 'library:status', {});
  const settings = valueOf<AppSettings>(answers, 'app:settings', {});
  const list = valueOf<RecordingQueryResult>(answers, 'recordings:query', DEFAULT_LIST_QUERY);
  if (status?.state !== 'open' || status.info.state !== 'online' || !settings || settings.ui.recordingsLayout !== 'table' || !list || list.rows.length === 0) return '';
  const t = translator(lng);
  const { info } = status;
  const view = el(
    'section',
    { class: 'view recordings-view', 'aria-label': t('recordings.title') },
    el('header', { class: 'view-head' }, el('h1', {}, escapeHtml(t('recordings.title'))) + toolbar(t, info)) + el('div', { class: 'table-and-detail' }, table(t, lng, list, settings.ui.columnWidths)),
  );
  // data-ssr: not the app yet; inert: nothing in it takes focus or a click until the app replaces it.
  return el('div', { class: 'app', 'data-ssr': true, inert: true, 'aria-busy': 'true', lang: lng }, sidebar(t, info) + el('main', { class: 'content' }, view));
}

/**
 * The theme the app will paint in, as an `<html>` start tag for inside the body: the HTML parser
 * adds its attributes to the page's root element (ones it has not got yet), so the first screen
 * paints light or dark before any script (theme.ts sets the same). The stored choice, else the
 * browser's colour scheme when it says it (the Sec-CH-Prefers-Color-Scheme hint, which the page
 * asks for with Accept-CH), else nothing: light, and the script follows the OS as before.
 */
export function themeTag(answers: FirstScreenAnswer[], colorSchemeHint: string | undefined): string {
  const chosen = valueOf<AppSettings>(answers, 'app:settings', {})?.ui.theme ?? 'system';
  const hinted = colorSchemeHint?.replace(/"/g, '').trim();
  const theme = chosen !== 'system' ? chosen : hinted === 'dark' || hinted === 'light' ? hinted : null;
  return theme ? `<html data-theme="${theme}" style="color-scheme: ${theme};">` : '';
}
