/**
 * The media matrix: files as real recorders write them (WebM from a browser, MKV from OBS with
 * two microphones, HEVC and rotated MOV from phones, variable frame rate, a microphone that
 * dropped out, audio that starts late, voice memos and dictations in every common audio format,
 * a screen recording without sound). Each one is imported, processed (its silent head and tail
 * trimmed, audio extracted, poster made) and "played": every output decodes to the end without
 * an error, every stream lasts what the source holds in the kept window, and the catalog's files
 * and ledger match the disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, type ExpectStatic, it } from 'vitest';
import { serveMedia } from '@core/services/media-route';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { hashFile } from '../../src-main/core/storage/hash';
import { AAC, type Decoded, decodeAll, FPS, GOP_FRAMES, H264, loudestDb, make, makeStreamed, pictureSource, probeFile, rotate90, SPEECH, toneSource } from './matrix-media';
import { JobQueue } from '../../src-main/core/jobs/queue';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { tools } from '../media';
import { fileRows, processOne, recordingRow, type Setup, tempFiles } from './setup';

const PAD = 0.5;
const MIN_SILENCE = 1;
const GOP_SEC = GOP_FRAMES / FPS;
/** How close a measured length must be to the kept window (a frame, an AAC/MP3 priming, rounding). */
const CLOSE = 0.25;

type Span = [number, number];

/** A second track's "speech": from 3 s to 5.4 s, after the first track's ends at 5 s. */
const DESKTOP = [
  { tone: false, seconds: 3 },
  { tone: true, seconds: 2.4 },
  { tone: false, seconds: 1.6 },
];

interface Row {
  name: string;
  /** The file as the person has it (names in any script). */
  file: string;
  make: (file: string) => Promise<unknown>;
  /** The source's streams on its own timeline: picture, and each audio track. */
  picture: Span | null;
  tracks: Span[];
  /** Where there is "speech" on any track (all are listened to); null: no sound, nothing to trim. */
  speech: Span | null;
  /** The trimmed copy's name, or null when the source is kept as it is. */
  trimmed: string | null;
  /** Everything in the recording's folder afterwards. */
  files: string[];
  /** How far the first picture may be from its source time: FFmpeg fills in missing presentation times (+genpts) to the frame. */
  syncSlackSec?: number;
  extra?: (out: { expect: ExpectStatic; dir: string; trimmedFile: string | null; played: Decoded | null; outputs: Map<string, Decoded> }) => Promise<void>;
}

const audioOnly = (name: string, file: string, codec: string[], copy: string): Row => ({
  name,
  file,
  make: (f) => make(f, [...toneSource(SPEECH), '-ac', '1', ...codec]),
  picture: null,
  tracks: [[0, 7]],
  speech: [2, 5],
  trimmed: copy,
  files: [...new Set([copy, 'audio.mp3', `source${path.extname(file)}`])].sort(),
});

const ROWS: Row[] = [
  {
    name: 'WebM VP9/Opus (browser screen recorder)',
    file: '会議 screen.webm',
    make: (f) => make(f, [...pictureSource(7), ...toneSource(SPEECH), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '100k', '-g', String(GOP_FRAMES), '-c:a', 'libopus', '-b:a', '32k']),
    picture: [0, 7],
    tracks: [[0, 7]],
    speech: [2, 5],
    trimmed: 'video.webm',
    files: ['audio.mp3', 'poster.jpg', 'source.webm', 'video.webm'],
  },
  {
    name: 'MKV with two audio tracks (OBS: microphone + desktop sound)',
    file: 'две дорожки.mkv',
    // The other side of the call answers after the microphone falls silent: speech until 5.4 s.
    make: (f) => make(f, [...pictureSource(7), ...toneSource(SPEECH), ...toneSource(DESKTOP, 660), '-map', '0', '-map', '1', '-map', '2', ...H264, '-c:a:0', 'aac', '-b:a:0', '48k', '-c:a:1', 'libopus', '-b:a:1', '32k']),
    picture: [0, 7],
    tracks: [
      [0, 7],
      [0, 7],
    ],
    speech: [2, 5.4],
    // AAC + Opus: no MP4 holds both safely, so Matroska.
    trimmed: 'video.mkv',
    files: ['audio.mp3', 'poster.jpg', 'source.mkv', 'video.mkv'],
    extra: async ({ expect, dir }) => expect(await loudestDb(path.join(dir, 'audio.mp3'))).toBeGreaterThan(-30),
  },
  {
    name: 'MKV whose first track is silent (a muted microphone, the talk on the desktop track)',
    file: 'немой микрофон.mkv',
    make: (f) => make(f, [...pictureSource(7), ...toneSource([{ tone: false, seconds: 7 }]), ...toneSource(SPEECH, 660), '-map', '0', '-map', '1', '-map', '2', ...H264, ...AAC]),
    picture: [0, 7],
    tracks: [
      [0, 7],
      [0, 7],
    ],
    speech: [2, 5],
    trimmed: 'video.mp4',
    files: ['audio.mp3', 'poster.jpg', 'source.mkv', 'video.mp4'],
    // audio.mp3 holds the talk, not the muted microphone.
    extra: async ({ expect, dir }) => expect(await loudestDb(path.join(dir, 'audio.mp3'))).toBeGreaterThan(-30),
  },
  {
    name: 'HEVC in MP4 (phone)',
    file: 'phone-hevc.mp4',
    make: (f) =>
      make(f, [...pictureSource(7), ...toneSource(SPEECH), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', `log-level=error:keyint=${GOP_FRAMES}:min-keyint=${GOP_FRAMES}`, '-tag:v', 'hvc1', ...AAC]),
    picture: [0, 7],
    tracks: [[0, 7]],
    speech: [2, 5],
    trimmed: 'video.mp4',
    files: ['audio.mp3', 'poster.jpg', 'source.mp4', 'video.mp4'],
    extra: async ({ expect, trimmedFile }) => {
      expect((await probeFile(trimmedFile!)).streams.find((s) => s.codec_type === 'video')?.codec_name).toBe('hevc');
    },
  },
  {
    name: 'rotated MOV (phone held upright: display matrix)',
    file: 'портрет.mov',
    make: async (f) => {
      await make(f, [...pictureSource(7), ...toneSource(SPEECH), ...H264, ...AAC]);
      rotate90(f);
    },
    picture: [0, 7],
    tracks: [[0, 7]],
    speech: [2, 5],
    trimmed: 'video.mp4',
    files: ['audio.mp3', 'poster.jpg', 'source.mov', 'video.mp4'],
    // Decoded, the copy is upright (the display matrix went along): 90x160, as the poster is.
    extra: async ({ expect, played, outputs }) => {
      expect(played!.streams.find((x) => x.type === 'video')?.dimensions).toBe('90x160');
      expect(outputs.get('poster.jpg')!.streams[0]!.dimensions).toBe('640x1138');
    },
  },
  {
    name: 'variable frame rate',
    file: 'vfr.mp4',
    // Every third frame of 30 fps, and all of them between 3 s and 4 s: frames 33 ms to 100 ms apart.
    make: (f) => make(f, [...pictureSource(7, 30), ...toneSource(SPEECH), '-vf', "select='not(mod(n\\,3))+between(t\\,3\\,4)'", '-fps_mode', 'vfr', ...H264, ...AAC]),
    picture: [0, 7],
    tracks: [[0, 7]],
    speech: [2, 5],
    trimmed: 'video.mp4',
    files: ['audio.mp3', 'poster.jpg', 'source.mp4', 'video.mp4'],
  },
  {
    name: 'audio shorter than the picture (the microphone dropped out at 6 s)',
    file: 'mic dropped.mp4',
    make: (f) => make(f, [...pictureSource(9), ...toneSource([{ tone: false, seconds: 2 }, { tone: true, seconds: 4 }]), ...H264, ...AAC]),
    picture: [0, 9],
    tracks: [[0, 6]],
    // Speech runs until the sound stops; the picture after it is kept.
    speech: [2, 9],
    trimmed: 'video.mp4',
    files: ['audio.mp3', 'poster.jpg', 'source.mp4', 'video.mp4'],
  },
  {
    name: 'audio starting late (audio stream start_time 2 s)',
    file: 'late audio.mp4',
    make: (f) => make(f, [...pictureSource(8), '-itsoffset', '2', ...toneSource([{ tone: true, seconds: 3 }, { tone: false, seconds: 3 }]), ...H264, ...AAC]),
    picture: [0, 8],
    tracks: [[2, 8]],
    speech: [2, 5],
    trimmed: 'video.mp4',
    files: ['audio.mp3', 'poster.jpg', 'source.mp4', 'video.mp4'],
  },
  {
    name: 'a screen recording without sound',
    file: 'silent screen.mp4',
    make: (f) => make(f, [...pictureSource(4), ...H264]),
    picture: [0, 4],
    tracks: [],
    speech: null,
    trimmed: null,
    files: ['poster.jpg', 'source.mp4'],
  },
  audioOnly('M4A audio only (voice memo)', 'голос.m4a', AAC, 'audio.m4a'),
  // An MP3's trimmed copy is audio.mp3 itself: no second, smaller MP3 beside it.
  audioOnly('MP3 audio only (podcast)', 'podcast.mp3', ['-c:a', 'libmp3lame', '-b:a', '64k'], 'audio.mp3'),
  audioOnly('Ogg Opus audio only (voice message)', 'voice note.ogg', ['-c:a', 'libopus', '-b:a', '24k'], 'audio.opus'),
  audioOnly('Ogg Vorbis audio only', 'лекция.ogg', ['-c:a', 'libvorbis', '-q:a', '2'], 'audio.ogg'),
  // A cut or chained Ogg: its clock starts at 10 s, and ffprobe states where it ends as its length.
  audioOnly('Ogg Opus whose clock starts at 10 s', 'cut voice.opus', ['-c:a', 'libopus', '-b:a', '24k', '-output_ts_offset', '10'], 'audio.opus'),
  audioOnly('WAV audio only (dictaphone)', 'dictation.wav', ['-c:a', 'pcm_s16le'], 'audio.wav'),
  audioOnly('FLAC audio only (a lossless recorder)', 'запись.flac', ['-c:a', 'flac'], 'audio.flac'),
  // Lengths the header does not state or only guesses: measured at import from the packets.
  {
    name: 'WebM from a browser (MediaRecorder: no duration in its header)',
    file: 'запись из браузера.webm',
    make: (f) => makeStreamed(f, [...pictureSource(7), ...toneSource(SPEECH), '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '100k', '-g', String(GOP_FRAMES), '-c:a', 'libopus', '-b:a', '32k'], 'webm'),
    picture: [0, 7],
    tracks: [[0, 7]],
    speech: [2, 5],
    trimmed: 'video.webm',
    files: ['audio.mp3', 'poster.jpg', 'source.webm', 'video.webm'],
  },
  // ffprobe guesses 57 s for these 7 s of raw AAC (ADTS), from the bit rate of its silent start.
  audioOnly('raw AAC from a voice recorder (ADTS: no length anywhere)', 'диктофон.aac', ['-c:a', 'aac', '-b:a', '48k'], 'audio.m4a'),
  audioOnly('VBR MP3 without a Xing header', 'подкаст vbr.mp3', ['-c:a', 'libmp3lame', '-q:a', '4', '-write_xing', '0'], 'audio.mp3'),
  // Packets without a presentation time: copied into Matroska only once FFmpeg fills them in.
  {
    name: 'MPEG-PS from a DVD recorder (.mpg)',
    file: 'семинар.mpg',
    // Closed GOPs: with open ones the B-frames shown before the first keyframe of a stream copy
    // refer to a picture it does not hold (README, Known limits: a few broken frames at the start).
    make: (f) => make(f, [...pictureSource(7, 25), ...toneSource(SPEECH), '-c:v', 'mpeg2video', '-g', '12', '-flags', '+cgop', '-sc_threshold', '1000000000', '-c:a', 'mp2', '-b:a', '128k']),
    picture: [0, 7],
    tracks: [[0, 7]],
    speech: [2, 5],
    trimmed: 'video.mkv',
    files: ['audio.mp3', 'poster.jpg', 'source.mpg', 'video.mkv'],
    syncSlackSec: 0.04,
  },
  {
    name: 'AVI with B-frames (DivX): decode times only',
    file: 'лекция divx.avi',
    make: (f) => make(f, [...pictureSource(7), ...toneSource(SPEECH), '-c:v', 'mpeg4', '-bf', '2', '-g', String(GOP_FRAMES), '-c:a', 'libmp3lame', '-b:a', '64k']),
    picture: [0, 7],
    tracks: [[0, 7]],
    speech: [2, 5],
    trimmed: 'video.mkv',
    files: ['audio.mp3', 'poster.jpg', 'source.avi', 'video.mkv'],
  },
  {
    name: 'MPEG-TS whose clock starts at one hour (a broadcast or camera stream)',
    file: 'трансляция.ts',
    make: (f) => make(f, [...pictureSource(7), ...toneSource(SPEECH), ...H264, ...AAC, '-f', 'mpegts', '-output_ts_offset', '3600']),
    picture: [0, 7],
    tracks: [[0, 7]],
    speech: [2, 5],
    trimmed: 'video.mp4',
    files: ['audio.mp3', 'poster.jpg', 'source.ts', 'video.mp4'],
  },
  {
    // Matroska audio: what processing itself writes for two tracks, imported again (another library, a backup).
    ...audioOnly('MKA audio, two tracks (an exported recording)', 'экспорт.mka', [], 'audio.mka'),
    make: (f) => make(f, [...toneSource(SPEECH), ...toneSource(SPEECH, 660), '-map', '0', '-map', '1', '-ac', '1', ...AAC, '-c:a:1', 'libopus', '-b:a:1', '24k']),
    tracks: [
      [0, 7],
      [0, 7],
    ],
  },
];

const overlap = ([a, b]: Span, from: number, to: number) => Math.max(0, Math.min(b, to) - Math.max(a, from));

let sources: string;
const made = new Map<string, Promise<unknown>>();

beforeAll(() => {
  sources = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-matrix-'));
  // Made two at a time in the background; each test waits for its own file only.
  let chain: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  ROWS.forEach((row, i) => {
    const lane = i % 2;
    const p = chain[lane]!.then(() => row.make(path.join(sources, row.file)));
    chain = chain.map((c, j) => (j === lane ? p.catch(() => undefined) : c));
    made.set(row.name, p);
  });
});

afterAll(() => {
  fs.rmSync(sources, { recursive: true, force: true });
});

/** A library of its own per row, inside this file's folder (tests here run side by side). */
async function libraryFor(row: Row): Promise<Setup> {
  const root = path.join(fs.mkdtempSync(path.join(sources, 'lib-')), 'library');
  const lib = Library.open(root, { create: true, writer: 'test' });
  lib.updateSettings({ trim: { paddingSec: PAD, minSilenceSec: MIN_SILENCE } });
  const report = await importPaths(lib, [path.join(sources, row.file)], { profileId: 1, move: false, force: false, tools });
  const id = report.imported[0]?.id;
  if (id === undefined) throw new Error(`import failed: ${JSON.stringify(report)}`);
  return { root, lib, queue: new JobQueue(lib, 1), id };
}

// Side by side: most of the time goes into starting FFmpeg processes, and two rows keep both cores busy.
// The limit only stops a hung test: rows wait for their turn at FFmpeg on a busy machine.
describe.concurrent('media as real recorders write it', { timeout: 600_000 }, () => {
  it.for(ROWS)('$name: imports, processes and plays', async (row, { expect }) => {
    await made.get(row.name);
    const s = await libraryFor(row);
    try {
      const { jobId } = await processOne(s);
      const job = s.queue.get(jobId)!;
      expect(job.state, job.error ?? '').toBe('done');
      const dir = path.join(s.root, `users/1/recordings/${s.id}`);
      expect(fs.readdirSync(dir).sort()).toEqual(row.files);

      // The kept window.
      const duration = Math.max(row.picture?.[1] ?? 0, ...row.tracks.map((t) => t[1]));
      const { durationMs } = s.lib.sqlite.prepare('SELECT duration_ms AS durationMs FROM recordings WHERE id = ?').get(s.id) as { durationMs: number };
      expect(Math.abs(durationMs / 1000 - duration), 'the length the catalog holds').toBeLessThan(CLOSE);
      const trim = job.stages.trim!;
      let keptStart = 0;
      let keptEnd = duration;
      if (row.trimmed) {
        expect(trim).toMatchObject({ status: 'done', file: row.trimmed });
        keptStart = trim.keptStartSec as number;
        keptEnd = trim.keptEndSec as number;
        const wanted = row.speech![0] - PAD;
        // A picture is cut on the keyframe at or before the padded speech start; audio where it is.
        expect(keptStart).toBeLessThanOrEqual(wanted + 0.1);
        expect(keptStart).toBeGreaterThanOrEqual(wanted - (row.picture ? GOP_SEC : 0) - 0.1);
        expect(Math.abs(keptEnd - Math.min(duration, row.speech![1] + PAD))).toBeLessThan(0.15);
        expect(recordingRow(s.lib, s.id)).toMatchObject({ status: 'processed', keptStartMs: Math.round(keptStart * 1000), keptEndMs: Math.round(keptEnd * 1000) });
      } else {
        expect(trim.status).toBe('skipped');
        expect(recordingRow(s.lib, s.id)).toMatchObject({ status: 'processed', keptStartMs: null });
      }

      // Registered with the right kinds: audio-only recordings have no video file.
      const rows = fileRows(s.lib, s.id);
      const kindOf = (name: string) => rows.find((r) => r.relPath.endsWith(`/${name}`))?.kind;
      for (const name of row.files) {
        const expected = name.startsWith('source.') ? 'source' : name.startsWith('video.') ? 'video' : name.startsWith('audio.') ? 'audio' : 'poster';
        expect(kindOf(name), name).toBe(expected);
      }
      expect(rows).toHaveLength(row.files.length);
      if (!row.picture) expect(rows.some((r) => r.kind === 'video' || r.kind === 'poster')).toBe(false);

      // "Plays": every output decodes to its end with no error; each stream lasts what the source
      // holds in the kept window, and starts where it should on the kept timeline.
      const scratch = fs.mkdtempSync(path.join(sources, 'decoded-'));
      const produced = row.files.filter((n) => !n.startsWith('source.'));
      // The source's first pictures from the kept start, to see the copy shows the same ones at the same times.
      const sourceAt = row.picture && row.trimmed ? { file: path.join(sources, row.file), sec: keptStart, frames: 8 } : undefined;
      const { errors, decoded: outputs, sourceFrames } = await decodeAll(
        produced.map((n) => path.join(dir, n)),
        scratch,
        sourceAt,
      );
      expect(errors).toBe('');
      const played = row.trimmed ? outputs.get(row.trimmed)! : null;
      if (played) {
        const pics = played.streams.filter((x) => x.type === 'video');
        const sounds = played.streams.filter((x) => x.type === 'audio');
        expect(pics).toHaveLength(row.picture ? 1 : 0);
        expect(sounds).toHaveLength(row.tracks.length);
        // What a player shows before it decodes anything: the header's length is the kept span (a
        // picture cut on a keyframe's decode time may run on by its B-frame delay, within a GOP).
        const header = Number((await probeFile(path.join(dir, row.trimmed!))).format.duration);
        expect(Math.abs(header - (keptEnd - keptStart)), `${row.trimmed} says it lasts ${header} s`).toBeLessThan(CLOSE + (row.picture ? GOP_SEC : 0));
        if (row.picture) {
          // The copy starts on the keyframe's decode time, so its first picture shows after the
          // zero by the B-frame delay; frames decoded before the end may show up to that much after it.
          const delay = pics[0]!.firstSec;
          expect(delay).toBeLessThan(0.5);
          expect(Math.abs(pics[0]!.lengthSec - overlap(row.picture, keptStart, keptEnd)), 'picture').toBeLessThan(CLOSE + delay);
          // In sync: the picture shown at t in the copy is the source's picture at keptStart + t.
          const same = sourceFrames.find((f) => Math.abs(f.sec - delay) < 0.002 + (row.syncSlackSec ?? 0) && f.crc === pics[0]!.firstCrc) ?? sourceFrames.find((f) => Math.abs(f.sec - delay) < 0.002);
          expect(same, `a source picture at keptStart + ${delay.toFixed(3)} s among ${JSON.stringify(sourceFrames.map((f) => f.sec))} (kept from ${keptStart})`).toBeDefined();
          expect(pics[0]!.firstCrc).toBe(same!.crc);
        }
        row.tracks.forEach((t, i) => {
          expect(Math.abs(sounds[i]!.lengthSec - overlap(t, keptStart, keptEnd)), `audio track ${i}`).toBeLessThan(CLOSE);
          expect(Math.abs(sounds[i]!.firstSec - Math.max(0, t[0] - keptStart)), `audio track ${i} starts`).toBeLessThan(0.06);
        });
      }

      // audio.mp3: mono, 16 kHz, the kept window of the first track from the kept start (a late start is silence).
      const first = row.tracks[0];
      if (first && row.trimmed !== 'audio.mp3') {
        const mp3 = outputs.get('audio.mp3')!.streams;
        expect(mp3).toHaveLength(1);
        expect(mp3[0]).toMatchObject({ type: 'audio', sampleRate: 16000, layout: 'mono' });
        expect(Math.abs(mp3[0]!.firstSec), 'audio.mp3 starts at the kept start').toBeLessThan(0.06);
        expect(Math.abs(mp3[0]!.lengthSec - (Math.min(keptEnd, first[1]) - keptStart)), 'audio.mp3').toBeLessThan(CLOSE);
      }
      if (row.picture) expect(outputs.get('poster.jpg')!.streams[0]!.dimensions).toMatch(/^640x\d+$/);
      await row.extra?.({ expect, dir, trimmedFile: played ? path.join(dir, row.trimmed!) : null, played, outputs });

      // The player gets the trimmed copy (audio-only: the audio copy, as audio), else the source.
      const served = serveMedia(s.lib, s.id, 'video', null);
      expect(served.status).toBe(200);
      (served.body as Readable).destroy();
      const playing = row.trimmed ?? `source${path.extname(row.file)}`;
      expect(served.headers['content-length']).toBe(String(fs.statSync(path.join(dir, playing)).size));
      expect(served.headers['content-type']!.startsWith(row.picture ? 'video/' : 'audio/'), served.headers['content-type']).toBe(true);

      // Ledger = disk, every registered file is the one on disk, no scratch left.
      for (const r of rows) expect((await hashFile(path.join(s.root, r.relPath))).hash, r.relPath).toBe(r.hash);
      const v = await verifyLedger(s.lib);
      expect(v.problems).toEqual([]);
      expect(v.driftBytes).toBe(0);
      expect(tempFiles(s.root)).toEqual([]);
    } finally {
      s.lib.close();
    }
  });
});
