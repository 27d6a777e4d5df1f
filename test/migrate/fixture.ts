/**
 * Builds legacy media/ trees like the seed's (DESIGN §5): Cyrillic and CJK names, the same name on
 * the same day, the duplicated audio folders, temp_processing leftovers, templates copied into each
 * profile's thumbnails plus one real custom thumbnail, integer and slug profile folders, the oldest
 * single-user generation, and data.db present or absent. Media are real (lavfi), made once per process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { originalFileName, processedStem } from '../../src-main/core/migrate/names';
import { makeAudio, makePng, makeVideo } from '../media';

interface MediaCache {
  videos: string[];
  audios: string[];
  pngs: { blue: string; red: string; custom: string };
}

let cache: MediaCache | null = null;

/**
 * The media are generated once per machine into a fixed, versioned folder (renamed into place, so
 * parallel test processes agree) and reused: nothing to clean up, nothing left behind per run.
 */
function media(): MediaCache {
  if (cache) return cache;
  const dir = path.join(os.tmpdir(), 'reclib-migrate-fixture-media-v1');
  const files = {
    videos: [1, 2, 3].map((s) => path.join(dir, `v${s}.mp4`)),
    audios: [1, 2].map((s) => path.join(dir, `a${s}.mp3`)),
    pngs: { blue: path.join(dir, 'blue.png'), red: path.join(dir, 'red.png'), custom: path.join(dir, 'custom.png') },
  };
  if (!fs.existsSync(path.join(dir, 'complete'))) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-migrate-fixture-work-'));
    try {
      [1, 2, 3].forEach((s) => makeVideo(path.join(work, `v${s}.mp4`), { seconds: s, size: '160x90', fps: 5 }));
      [1, 2].forEach((s) => makeAudio(path.join(work, `a${s}.mp3`), s));
      makePng(path.join(work, 'blue.png'), 'blue');
      makePng(path.join(work, 'red.png'), 'red');
      makePng(path.join(work, 'custom.png'), 'green', '48x27');
      fs.writeFileSync(path.join(work, 'complete'), '');
      fs.renameSync(work, dir);
    } catch (err) {
      fs.rmSync(work, { recursive: true, force: true });
      // Another process won the rename: its copy is as good as ours.
      if (!fs.existsSync(path.join(dir, 'complete'))) throw err;
    }
  }
  cache = files;
  return cache;
}

export interface LegacySpec {
  dataDb: boolean;
}

export interface LegacyRecording {
  legacyId: number;
  user: string | null;
  userId: number;
  displayName: string;
  start: string;
  original: boolean;
  processed: boolean;
  audioCopies: ('audio' | 'processed_audio')[];
  transcription?: 'id' | 'old';
}

/** The recordings of the fixture; names and times chosen to exercise every matching rule. */
export const RECORDINGS: LegacyRecording[] = [
  { legacyId: 1, user: null, userId: 1, displayName: 'Старая лекция', start: '2023-02-01T10:00:00Z', original: true, processed: true, audioCopies: ['processed_audio'], transcription: 'old' },
  { legacyId: 11, user: 'user_4', userId: 4, displayName: 'Лекция «Введение» 1', start: '2024-03-05T09:00:00Z', original: true, processed: true, audioCopies: ['audio', 'processed_audio'], transcription: 'id' },
  { legacyId: 12, user: 'user_4', userId: 4, displayName: 'Семинар', start: '2024-03-06T09:00:00Z', original: true, processed: true, audioCopies: ['audio'] },
  { legacyId: 13, user: 'user_4', userId: 4, displayName: 'Семинар', start: '2024-03-06T14:00:00Z', original: false, processed: true, audioCopies: ['audio'] },
  { legacyId: 14, user: 'user_4', userId: 4, displayName: 'Встреча', start: '', original: true, processed: false, audioCopies: [] },
  {
    legacyId: 15,
    user: 'user_4',
    userId: 4,
    displayName: 'Очень длинное название лекции по теории вероятностей и математической статистике',
    start: '2024-03-08T12:15:00Z',
    original: true,
    processed: true,
    audioCopies: ['audio', 'processed_audio'],
  },
  { legacyId: 21, user: 'user_000006', userId: 6, displayName: 'Lecture 東京: part 2?', start: '2024-03-07T08:30:00Z', original: true, processed: true, audioCopies: ['audio', 'processed_audio'], transcription: 'id' },
];

function put(file: string, from: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (typeof from === 'string') fs.copyFileSync(from, file);
  else fs.writeFileSync(file, from);
}

/** Writes the legacy tree into `<dir>/media` and returns that path. */
export function makeLegacyTree(dir: string, spec: LegacySpec): string {
  const m = media();
  const root = path.join(dir, 'media');
  fs.mkdirSync(root, { recursive: true });
  const rows: Record<string, unknown>[] = [];
  for (const [n, r] of RECORDINGS.entries()) {
    const base = r.user ? path.join(root, r.user) : root;
    const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
    const start = r.start ? Date.parse(r.start) : null;
    const video = m.videos[n % m.videos.length]!;
    const audio = m.audios[n % m.audios.length]!;
    let local: string | null = null;
    let processedVideo: string | null = null;
    let processedAudio: string | null = null;
    if (r.original) {
      local = path.join(base, 'video/unprocessed', originalFileName(r.displayName, r.start ? r.start.slice(0, 10) : null, 'mp4'));
      put(local, video);
    }
    if (r.processed && start !== null) {
      const stem = processedStem(r.displayName, start);
      processedVideo = path.join(base, 'video/processed', `${stem}.mp4`);
      put(processedVideo, m.videos[(n + 1) % m.videos.length]!);
      for (const where of r.audioCopies) {
        const a = where === 'audio' ? path.join(base, 'audio/processed', `${stem}.mp3`) : path.join(base, 'processed_audio', `${stem}.mp3`);
        put(a, audio);
        processedAudio ??= a;
      }
      if (r.transcription === 'old') {
        const t = path.join(base, 'transcriptions', `transcription_${stem.replace(/_processed$/, '')}`);
        put(path.join(t, 'master.json'), Buffer.from(JSON.stringify({ text: `${r.displayName} transcript`, segments: [] })));
        put(path.join(t, 'topics.json'), Buffer.from(JSON.stringify({ topics: ['введение'] })));
      }
    }
    if (r.transcription === 'id') {
      const t = path.join(base, 'transcriptions', String(r.legacyId));
      put(path.join(t, 'master.json'), Buffer.from(JSON.stringify({ recording_id: r.legacyId, display_name: r.displayName, start_time: r.start, segments: [{ t: 0, text: 'привет' }] })));
      put(path.join(t, 'topics.json'), Buffer.from(JSON.stringify({ topics: ['one'] })));
      put(path.join(t, 'topics_v2.json'), Buffer.from(JSON.stringify({ topics: ['one', 'two'] })));
      put(path.join(t, 'cache/segments.txt'), Buffer.from('0.0 1.0 привет\n'));
      put(path.join(t, 'cache/words.txt'), Buffer.from('привет\n'));
      put(path.join(t, 'cache/subtitles.srt'), Buffer.from('1\n00:00:00,000 --> 00:00:01,000\nпривет\n'));
      put(path.join(t, 'cache/subtitles.vtt'), Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\nпривет\n'));
    }
    rows.push({
      id: r.legacyId,
      user_id: r.userId,
      display_name: r.displayName,
      start_time: r.start ? r.start.replace('T', ' ').replace('Z', '') : null,
      local_video_path: local ? `/srv/oldapp/media/${rel(local)}` : null,
      processed_video_path: processedVideo ? `/srv/oldapp/media/${rel(processedVideo)}` : null,
      processed_audio_path: processedAudio ? rel(processedAudio) : null,
    });
  }
  // Templates, their copies in every profile, one real custom thumbnail.
  put(path.join(root, 'templates/thumbnails/blue.png'), m.pngs.blue);
  put(path.join(root, 'templates/thumbnails/red.png'), m.pngs.red);
  for (const u of ['user_4', 'user_000006']) {
    put(path.join(root, u, 'thumbnails/blue.png'), m.pngs.blue);
    put(path.join(root, u, 'thumbnails/red.png'), m.pngs.red);
  }
  put(path.join(root, 'user_4/thumbnails/my-cover.png'), m.pngs.custom);
  // Leftovers of failed runs, an unknown file, an empty folder.
  put(path.join(root, 'video/temp_processing/job_17/chunk_0001.ts'), Buffer.from('partial chunk'));
  put(path.join(root, 'user_4/video/temp_processing/Лекция_tmp.mp4'), Buffer.alloc(2048, 7));
  put(path.join(root, 'user_4/notes.txt'), Buffer.from('заметки'));
  fs.mkdirSync(path.join(root, 'user_000006/video/temp_processing'), { recursive: true });
  if (spec.dataDb) {
    const db = new Database(path.join(root, 'data.db'));
    db.exec(
      'CREATE TABLE recordings (id INTEGER PRIMARY KEY, user_id INTEGER, display_name TEXT, start_time TEXT, local_video_path TEXT, processed_video_path TEXT, processed_audio_path TEXT, status TEXT)',
    );
    const ins = db.prepare(
      'INSERT INTO recordings (id, user_id, display_name, start_time, local_video_path, processed_video_path, processed_audio_path, status) VALUES (@id, @user_id, @display_name, @start_time, @local_video_path, @processed_video_path, @processed_audio_path, \'done\')',
    );
    for (const r of rows) ins.run(r);
    db.close();
  }
  return root;
}
