/**
 * Attaching a transcript converts it (issue 14): a .srt/.vtt (Zoom, Otter, YouTube exports) or a
 * master JSON becomes transcription/master.json with subtitles.srt/.vtt, registered with the ledger
 * and indexed in one transaction, so search finds it at once. A file that is not a transcript is
 * refused and nothing changes. The player's <track> is served as text/vtt by the media route.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { recover } from '@core/services/recovery';
import { cli } from '../helpers/run';
import { attachFile } from '@core/integrity/attach';
import { parseMaster } from '@core/transcripts/master';
import { searchTranscripts, transcriptOf } from '@core/transcripts/search';
import { readSubtitles } from '@core/transcripts/subtitle-read';
import { serveMedia } from '@core/services/media-route';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { silentLogger } from '../../src-main/core/log/logger';
import { type Server, startServer } from '../../src-main/serve/server';
import { tmpDir } from '../helpers/tmp';
import { dumpCatalog, libraryWith } from '../integrity/helpers';

const LONG = 300_000;
const libs: Library[] = [];
const servers: Server[] = [];
afterEach(async () => {
  while (libs.length) libs.pop()!.close();
  while (servers.length) await servers.pop()!.close();
});

// Zoom/Windows style: BOM, CRLF, a multi-line cue, "," and "." before the milliseconds, hours left out.
const SRT_RU = '\uFEFF1\r\n00:00:00,100 --> 00:00:00,900\r\nДобрый день, коллеги!\r\nНачнём совещание.\r\n\r\n2\r\n00:00:01.000 --> 00:00:01,500\r\nЁлки и <i>градиентный</i> спуск\r\n\r\n3\r\n00:01,600 --> 00:01,900\r\nСпасибо\r\n';
// YouTube/Otter style WebVTT: header text, NOTE and STYLE blocks, cue ids, cue settings, a voice tag.
const VTT = [
  'WEBVTT Kind: captions; Language: en',
  '',
  'NOTE exported by Otter',
  'over two lines',
  '',
  'STYLE',
  '::cue { color: yellow }',
  '',
  'intro',
  '00:00:00.200 --> 00:00:00.800 align:start position:0% line:90%',
  '<v Анна>Welcome to the weekly sync',
  '',
  '00:00:00.900 --> 00:00:01.400',
  'Budget review',
  'and the roadmap',
  '',
].join('\n');

function rowsOf(lib: Library, id: number): { kind: string; relPath: string }[] {
  return lib.sqlite.prepare('SELECT kind, rel_path AS relPath FROM files WHERE recording_id = ? ORDER BY rel_path').all(id) as never;
}

function write(name: string, text: string): string {
  const file = path.join(tmpDir('reclib-attach-src-'), name);
  fs.writeFileSync(file, text);
  return file;
}

describe('attach converts a transcript into master.json', () => {
  it(
    'a Russian SRT (BOM, CRLF, multi-line cue, , and . separators) becomes master.json + subtitles, the file itself is kept, and search finds it at once',
    async () => {
      const f = await libraryWith(1);
      libs.push(f.lib);
      const id = f.ids[0]!;
      const src = write('Совещание «итоги».srt', SRT_RU);
      const r = await attachFile(f.lib, id, src);
      const dir = `users/1/recordings/${id}/transcription`;
      expect(r).toMatchObject({ id, path: `${dir}/Совещание «итоги».srt`, kind: 'transcript', already: false, transcript: { path: `${dir}/master.json`, segments: 3 } });
      expect(rowsOf(f.lib, id).filter((x) => x.relPath.startsWith(dir))).toEqual([
        { kind: 'transcript', relPath: `${dir}/master.json` },
        // The transcript on the source's timeline, which processing maps onto the kept video.
        { kind: 'transcript', relPath: `${dir}/source.json` },
        { kind: 'subtitle', relPath: `${dir}/subtitles.srt` },
        { kind: 'subtitle', relPath: `${dir}/subtitles.vtt` },
        { kind: 'transcript', relPath: `${dir}/Совещание «итоги».srt` },
      ]);
      // The original is kept byte for byte; master.json has the segments the SRT said, tags gone.
      expect(fs.readFileSync(f.lib.paths.abs(r.path), 'utf8')).toBe(SRT_RU);
      const master = parseMaster(fs.readFileSync(f.lib.paths.abs(`${dir}/master.json`), 'utf8')).master;
      expect(master.engine).toBe('attached');
      expect(master.segments.map((s) => [s.start, s.end, s.text])).toEqual([
        [0.1, 0.9, 'Добрый день, коллеги! Начнём совещание.'],
        [1, 1.5, 'Ёлки и градиентный спуск'],
        [1.6, 1.9, 'Спасибо'],
      ]);
      // The generated subtitles say the same (clipped to the 0.2 s recording: only what starts in it).
      const vtt = fs.readFileSync(f.lib.paths.abs(`${dir}/subtitles.vtt`), 'utf8');
      expect(vtt.startsWith('WEBVTT')).toBe(true);
      expect(readSubtitles(vtt)[0]!.text).toContain('Добрый день');
      // Searchable now: no scan, no rebuild (nothing is stale), ё = е, any case.
      const stale = f.lib.sqlite.prepare("SELECT COUNT(*) AS n FROM files f LEFT JOIN transcript_sources s ON s.file_id = f.id WHERE f.kind = 'transcript' AND s.file_id IS NULL").get();
      expect(stale).toEqual({ n: 0 });
      for (const q of ['елки', 'ГРАДИЕНТНЫЙ спуск', 'коллеги']) {
        expect(searchTranscripts(f.lib, q).filter((h) => h.start !== null)).toEqual([expect.objectContaining({ id, start: q === 'коллеги' ? 0.1 : 1 })]);
      }
      const view = transcriptOf(f.lib, id);
      expect(view.source).toMatchObject({ path: `${dir}/master.json`, origin: 'attached', engine: 'attached' });
      expect(view.segments).toHaveLength(3);
      // The status is what it was; the journal and temp are clean; the ledger matches the disk.
      expect((f.lib.sqlite.prepare('SELECT status FROM recordings WHERE id = ?').get(id) as { status: string }).status).toBe('ready');
      expect(f.lib.sqlite.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 0 });
      expect(fs.readdirSync(f.lib.paths.abs('temp/1')).length).toBe(0);
      expect((await verifyLedger(f.lib)).problems).toEqual([]);

      // The same file again: already attached, nothing copied.
      const again = await attachFile(f.lib, id, src);
      expect(again).toMatchObject({ already: true, path: r.path });
    },
    LONG,
  );

  it(
    'a WebVTT with NOTE/STYLE blocks, cue settings, a voice and a two-line cue; a master JSON is master.json as it is',
    async () => {
      // Recordings of 2 s: the cues fall inside them.
      const f = await libraryWith(2, undefined, 2);
      libs.push(f.lib);
      const [a, b] = f.ids as [number, number];
      await attachFile(f.lib, a, write('otter.vtt', VTT));
      expect(transcriptOf(f.lib, a).segments).toEqual([
        { start: 0.2, end: 0.8, text: 'Анна: Welcome to the weekly sync' },
        { start: 0.9, end: 1.4, text: 'Budget review and the roadmap' },
      ]);
      expect(searchTranscripts(f.lib, 'roadmap')).toEqual([expect.objectContaining({ id: a, start: 0.9, text: 'Budget review and the roadmap' })]);

      const json = JSON.stringify({ language: 'ru', engine: 'whisper', segments: [{ start: 0.05, end: 0.15, text: 'Привет из Whisper' }] });
      const src = write('whisper-output.json', json);
      const r = await attachFile(f.lib, b, src);
      expect(r.path).toBe(`users/1/recordings/${b}/transcription/master.json`);
      expect(fs.readFileSync(f.lib.paths.abs(r.path), 'utf8')).toBe(json);
      expect(rowsOf(f.lib, b).map((x) => x.relPath)).toContain(`users/1/recordings/${b}/transcription/subtitles.vtt`);
      expect(searchTranscripts(f.lib, 'привет')).toEqual([expect.objectContaining({ id: b, start: 0.05 })]);

      // A second subtitles file beside a person's transcript is kept and searchable; master.json stays.
      const before = fs.readFileSync(f.lib.paths.abs(r.path), 'utf8');
      const extra = await attachFile(f.lib, b, write('English.srt', '1\n00:00:00,050 --> 00:00:00,150\nHello from Whisper\n'));
      expect(extra.transcript?.warnings.join(' ')).toMatch(/already had a transcript.*kept/);
      expect(fs.readFileSync(f.lib.paths.abs(r.path), 'utf8')).toBe(before);
      expect(searchTranscripts(f.lib, 'hello')).toEqual([expect.objectContaining({ id: b, start: 0.05 })]);
      expect((await verifyLedger(f.lib)).problems).toEqual([]);
    },
    LONG,
  );

  it(
    'a broken, empty or cue-less subtitles file is refused with the reason and changes nothing',
    async () => {
      const f = await libraryWith(1);
      libs.push(f.lib);
      const id = f.ids[0]!;
      const before = dumpCatalog(f.lib);
      const cases: [string, string, RegExp][] = [
        ['header only.vtt', 'WEBVTT\n\nNOTE nothing here\n', /cannot be read as a transcript \(no subtitles were found/],
        ['not subtitles.srt', 'Это просто текст,\r\nа не субтитры.\r\n', /cannot be read as a transcript/],
        ['empty cues.srt', '\uFEFF1\r\n00:00:01,000 --> 00:00:02,000\r\n<i></i>\r\n', /cannot be read as a transcript/],
        ['zero.srt', '', /is empty \(0 bytes\)/],
        ['no segments.json', '{"segments": []}', /only transcripts|not valid|cannot be read as a transcript/],
      ];
      for (const [name, text, msg] of cases) {
        await expect(attachFile(f.lib, id, write(name, text)), name).rejects.toThrow(msg);
      }
      // Windows-1251 Cyrillic (what older Russian tools save): refused with what to do, not attached as mojibake.
      const cp1251 = path.join(tmpDir('reclib-attach-src-'), 'Лекция.srt');
      fs.writeFileSync(cp1251, Buffer.concat([Buffer.from('1\r\n00:00:00,000 --> 00:00:01,000\r\n'), Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), Buffer.from('\r\n')]));
      await expect(attachFile(f.lib, id, cp1251)).rejects.toThrow(/not UTF-8 text.*save it as UTF-8/);
      expect(dumpCatalog(f.lib)).toEqual(before);
      expect(fs.existsSync(f.lib.paths.abs(`users/1/recordings/${id}/transcription`))).toBe(false);
      expect(searchTranscripts(f.lib, 'субтитры')).toEqual([]);
    },
    LONG,
  );
});

describe('a transcript whose times are past the recording', () => {
  it(
    'none inside the recording: refused as another recording\'s, nothing changes; some past its end: attached, said, and left out of the subtitles',
    async () => {
      const f = await libraryWith(1, undefined, 6);
      libs.push(f.lib);
      const id = f.ids[0]!;
      const before = dumpCatalog(f.lib);
      // Found by an exploratory trial: 9–15.5 s cues on a 6 s recording made an empty subtitles.srt, and search pointed at 0:09.
      const after = write('мои субтитры «после».srt', '1\n00:00:09,000 --> 00:00:12,000\nЁлка после конца\n\n2\n00:00:13,000 --> 00:00:15,500\nИ ещё\n');
      await expect(attachFile(f.lib, id, after)).rejects.toThrow(
        /^None of the 2 segments of мои субтитры «после»\.srt falls inside the recording \(0\.0–6\.0 s\): their times are past its end; is it another recording's transcript\? Nothing was attached\.$/,
      );
      expect(dumpCatalog(f.lib)).toEqual(before);
      expect(searchTranscripts(f.lib, 'ёлка')).toEqual([]);

      const partly = await attachFile(f.lib, id, write('частично.srt', '1\n00:00:01,000 --> 00:00:02,000\nНачало лекции\n\n2\n00:00:07,000 --> 00:00:08,000\nУже после конца\n'));
      expect(partly.transcript?.warnings).toEqual(['1 of the 2 segments of частично.srt start after the recording ends (6.0 s): the subtitles leave them out.']);
      expect(searchTranscripts(f.lib, 'лекции')).toEqual([expect.objectContaining({ id, start: 1 })]);
      const subtitles = readSubtitles(fs.readFileSync(f.lib.paths.abs(`users/1/recordings/${id}/transcription/subtitles.srt`), 'utf8'));
      expect(subtitles.map((c) => c.text)).toEqual(['Начало лекции']);
      expect((await verifyLedger(f.lib)).problems).toEqual([]);
    },
    LONG,
  );
});

describe('attach and a kill', () => {
  it(
    'killed after the files moved in and before the commit, the next start undoes it all; attaching again then works',
    async () => {
      const f = await libraryWith(1);
      const id = f.ids[0]!;
      f.lib.close();
      const src = write('Совещание.srt', SRT_RU);
      const dir = `users/1/recordings/${id}/transcription`;
      const r = cli(['attach', String(id), src, '--library', f.root, '--json'], { RECLIB_FAULT_AT: 'process:moved' });
      expect(r.signal).toBe('SIGKILL');
      const lib = Library.open(f.root, { writer: 'test' });
      libs.push(lib);
      // Before recovery the recording is held (processing), as for any interrupted job.
      expect(fs.existsSync(lib.paths.abs(`${dir}/master.json`))).toBe(true);
      await recover(lib);
      expect((lib.sqlite.prepare('SELECT status FROM recordings WHERE id = ?').get(id) as { status: string }).status).toBe('ready');
      expect(rowsOf(lib, id).filter((x) => x.relPath.startsWith(dir))).toEqual([]);
      expect(fs.readdirSync(lib.paths.abs(dir))).toEqual([]);
      expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 0 });
      expect(searchTranscripts(lib, 'коллеги')).toEqual([]);
      expect((await verifyLedger(lib)).problems).toEqual([]);
      const again = await attachFile(lib, id, src);
      expect(again.transcript?.segments).toBe(3);
      expect(searchTranscripts(lib, 'коллеги')).toEqual([expect.objectContaining({ id, start: 0.1 })]);
    },
    LONG,
  );
});

describe('the VTT route', () => {
  it(
    'an SRT uploaded and attached through `reclib serve` is served to the <track> as text/vtt, with its Cyrillic text',
    async () => {
      const f = await libraryWith(1);
      const id = f.ids[0]!;
      // No subtitles yet: the route says so (404), like any missing media.
      expect(serveMedia(f.lib, id, 'subtitles', null).status).toBe(404);
      f.lib.close();
      const page = tmpDir('reclib-page-');
      fs.writeFileSync(path.join(page, 'index.html'), '<!doctype html><div id="root"></div>');
      const server = await startServer({ library: f.root, userData: path.join(tmpDir(), 'ud'), rendererDir: page, log: silentLogger });
      servers.push(server);
      await server.host.whenStatus((s) => s.phase === 'ready');
      const t = { 'x-reclib-token': server.token };
      const body = Buffer.from(SRT_RU);
      const up = await fetch(`${server.origin}/upload?name=${encodeURIComponent('Совещание.srt')}`, {
        method: 'POST',
        headers: { ...t, 'content-type': 'application/octet-stream', 'content-length': String(body.length) },
        body: Readable.toWeb(Readable.from([body])) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      expect(up.status).toBe(200);
      const staged = (await up.json()) as { path: string };
      const res = await fetch(`${server.origin}/api/transcript:attach`, { method: 'POST', headers: { 'content-type': 'application/json', ...t }, body: JSON.stringify({ id, path: staged.path }) });
      const attached = (await res.json()) as { ok: boolean; value: { transcript: { segments: unknown[] } } };
      expect(attached).toMatchObject({ ok: true, value: { transcript: { segments: [expect.anything(), expect.anything(), expect.anything()] } } });
      // The staged copy is read, never moved: the server clears its staging area itself.
      expect(fs.existsSync(staged.path)).toBe(true);
      const vtt = await fetch(`${server.origin}/media/recording/${id}/subtitles`, { headers: t });
      expect(vtt.status).toBe(200);
      expect(vtt.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
      const text = await vtt.text();
      expect(text.startsWith('WEBVTT')).toBe(true);
      expect(text).toContain('Добрый день, коллеги!');
      const ranged = await fetch(`${server.origin}/media/recording/${id}/subtitles`, { headers: { ...t, range: 'bytes=0-5' } });
      expect(ranged.status).toBe(206);
      expect(await ranged.text()).toBe('WEBVTT');
      // Without the token: refused like every other media request.
      expect((await fetch(`${server.origin}/media/recording/${id}/subtitles`)).status).toBe(401);
    },
    LONG,
  );
});
