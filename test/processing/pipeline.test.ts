import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { addFile } from '@core/catalog/repositories/files/ledger';
import { hashFile } from '../../src-main/core/storage/hash';
import { parseStamp } from '@core/tools/subtitles';
import { serveMedia } from '@core/services/media-route';
import { makeAudio, makeVideo, tools } from '../media';
import { tmpDir } from '../helpers/tmp';
import { codeReason } from '@shared/reasons';
import { fileRows, libraryWith, probeJson, processOne, recordingRow, tempDirs, tempFiles } from './setup';

const PAD = 2;
const GOP = 2;
const speechy = [
  { tone: false, seconds: 6 },
  { tone: true, seconds: 20 },
  { tone: false, seconds: 6 },
];

async function expectLedgerExact(lib: Parameters<typeof verifyLedger>[0]) {
  const v = await verifyLedger(lib);
  expect(v.problems).toEqual([]);
  expect(v.driftBytes).toBe(0);
}

describe('processing a recording', () => {
  it('trims known leading and trailing silence within padding and one keyframe interval, and writes audio and poster', async () => {
    const src = makeVideo(path.join(tmpDir(), 'talk.mp4'), { seconds: 32, audio: speechy, gop: GOP });
    const s = await libraryWith(src, { paddingSec: PAD });
    const { outcome, jobId } = await processOne(s);
    expect(outcome.status).toBe('fulfilled');
    const job = s.queue.get(jobId)!;
    expect(job.state).toBe('done');
    const trim = job.stages.trim!;
    expect(trim.status).toBe('done');
    const keptStart = trim.keptStartSec as number;
    const keptEnd = trim.keptEndSec as number;
    // Speech 6..26 s; padding 2 s; the cut starts on the keyframe at or before 4 s (keyframes every 2 s).
    expect(keptStart).toBeLessThanOrEqual(6 - PAD + 0.05);
    expect(keptStart).toBeGreaterThanOrEqual(6 - PAD - GOP - 0.05);
    expect(Math.abs(keptEnd - (26 + PAD))).toBeLessThan(0.2);

    const rec = recordingRow(s.lib, s.id);
    expect(rec.status).toBe('processed');
    expect(rec.keptStartMs).toBe(Math.round(keptStart * 1000));
    const rows = fileRows(s.lib, s.id);
    expect(rows.map((r) => r.kind).sort()).toEqual(['audio', 'poster', 'source', 'video']);
    const video = rows.find((r) => r.kind === 'video')!;
    expect(video.relPath).toBe(`users/1/recordings/${s.id}/video.mp4`);
    const vp = probeJson(path.join(s.root, video.relPath));
    expect(Math.abs(Number(vp.format.duration) - (keptEnd - keptStart))).toBeLessThan(0.5);
    expect(vp.streams.map((x) => x.codec_name).sort()).toEqual(['aac', 'h264']);

    const ap = probeJson(path.join(s.root, `users/1/recordings/${s.id}/audio.mp3`));
    expect(ap.streams[0]).toMatchObject({ codec_name: 'mp3', channels: 1, sample_rate: '16000' });
    expect(Math.abs(Number(ap.format.duration) - (keptEnd - keptStart))).toBeLessThan(0.3);
    const pp = probeJson(path.join(s.root, `users/1/recordings/${s.id}/poster.jpg`));
    expect(pp.streams[0]!.width).toBe(640);

    expect(tempFiles(s.root)).toEqual([]);
    await expectLedgerExact(s.lib);
    s.lib.close();
  });

  it('processes an audio-only source into audio files: the trimmed copy in its own codec and audio.mp3, never a video, no poster', async () => {
    const src = makeAudio(path.join(tmpDir(), 'голос.m4a'), 32, speechy);
    const s = await libraryWith(src, { paddingSec: PAD });
    const { jobId } = await processOne(s);
    const job = s.queue.get(jobId)!;
    expect(job.state, job.error ?? '').toBe('done');
    expect(job.stages.trim).toMatchObject({ status: 'done', container: 'm4a', file: 'audio.m4a' });
    expect(Math.abs((job.stages.trim!.keptStartSec as number) - 4)).toBeLessThan(0.2);
    expect(job.stages.audio!.status).toBe('done');
    expect(job.stages.poster).toMatchObject({ status: 'skipped', reason: 'audio-only recording' });
    const dir = `users/1/recordings/${s.id}`;
    expect(fileRows(s.lib, s.id).map((r) => [r.kind, r.relPath])).toEqual([
      ['audio', `${dir}/audio.m4a`],
      ['audio', `${dir}/audio.mp3`],
      ['source', `${dir}/source.m4a`],
    ]);
    // The player gets the trimmed copy in its own quality; the audio route the extracted audio.mp3.
    const size = (name: string) => String(fs.statSync(path.join(s.root, dir, name)).size);
    const played = serveMedia(s.lib, s.id, 'video', null);
    (played.body as Readable).destroy();
    expect(played.headers).toMatchObject({ 'content-type': 'audio/mp4', 'content-length': size('audio.m4a') });
    const audio = serveMedia(s.lib, s.id, 'audio', null);
    (audio.body as Readable).destroy();
    expect(audio.headers).toMatchObject({ 'content-type': 'audio/mpeg', 'content-length': size('audio.mp3') });
    await expectLedgerExact(s.lib);

    // Nothing left to cut after a larger padding: the copy goes, audio.mp3 is made again, the source plays.
    s.lib.updateSettings({ trim: { paddingSec: 8 } });
    const again = await processOne(s);
    expect(s.queue.get(again.jobId)!.state).toBe('done');
    expect(fileRows(s.lib, s.id).map((r) => r.relPath)).toEqual([`${dir}/audio.mp3`, `${dir}/source.m4a`]);
    expect(fs.readdirSync(path.join(s.root, dir)).sort()).toEqual(['audio.mp3', 'source.m4a']);
    const source = serveMedia(s.lib, s.id, 'video', null);
    (source.body as Readable).destroy();
    expect(source.headers['content-length']).toBe(size('source.m4a'));
    await expectLedgerExact(s.lib);
    s.lib.close();
  });

  it('a talk under one still picture (a podcast cover) gets that picture as its poster, and the run is processed', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'Подкаст «обложка».mp4');
    execFileSync(tools.ffmpeg, [
      '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10:duration=0.1',
      '-f', 'lavfi', '-i', "sine=frequency=440:duration=30,volume='if(between(t,6,26),0.5,0)':eval=frame",
      '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
    ]);
    const s = await libraryWith(file, { paddingSec: 1 });
    const { jobId } = await processOne(s);
    const job = s.queue.get(jobId)!;
    expect(job.state, job.error ?? '').toBe('done');
    expect(job.stages.poster).toMatchObject({ status: 'done' });
    const poster = path.join(s.root, `users/1/recordings/${s.id}/poster.jpg`);
    expect(probeJson(poster).streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 640, height: 480 });
    expect(recordingRow(s.lib, s.id).status).toBe('processed');
  });

  it('re-processing an audio-only recording an older version cut into video.mka replaces it with audio files', async () => {
    const src = makeAudio(path.join(tmpDir(), 'диктофон.wav'), 32, speechy);
    const s = await libraryWith(src, { paddingSec: PAD });
    const dir = `users/1/recordings/${s.id}`;
    // What the old pipeline left: the trimmed WAV in Matroska, registered as the video.
    const old = path.join(s.root, dir, 'video.mka');
    execFileSync(tools.ffmpeg, ['-v', 'error', '-i', path.join(s.root, dir, 'source.wav'), '-ss', '4', '-t', '24', '-c', 'copy', old]);
    const f = await hashFile(old);
    addFile(s.lib.sqlite, { recordingId: s.id, profileId: 1, kind: 'video', relPath: `${dir}/video.mka` as never, size: f.size, mtimeMs: Date.now(), inode: null, hash: f.hash });
    s.lib.sqlite.prepare("UPDATE recordings SET status = 'processed' WHERE id = ?").run(s.id);

    const { jobId } = await processOne(s);
    expect(s.queue.get(jobId)!.state).toBe('done');
    expect(fileRows(s.lib, s.id).map((r) => [r.kind, r.relPath])).toEqual([
      ['audio', `${dir}/audio.mp3`],
      ['audio', `${dir}/audio.wav`],
      ['source', `${dir}/source.wav`],
    ]);
    expect(fs.readdirSync(path.join(s.root, dir)).sort()).toEqual(['audio.mp3', 'audio.wav', 'source.wav']);
    expect(probeJson(path.join(s.root, dir, 'audio.wav')).streams[0]!.codec_name).toBe('pcm_s16le');
    await expectLedgerExact(s.lib);
    s.lib.close();
  });

  it('a source whose data stops before its stated end fails with a plain sentence, the figures after it, and nothing changed', async () => {
    // A "faststart" MP4 (index first) that was only partly copied: its header still says 0:26.
    const whole = path.join(tmpDir(), 'whole.mp4');
    execFileSync(tools.ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10:duration=26', '-f', 'lavfi', '-i', 'sine=duration=26', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-c:a', 'aac', '-movflags', '+faststart', whole]);
    const s = await libraryWith(whole);
    const before = fileRows(s.lib, s.id);
    const sourceAbs = path.join(s.root, before[0]!.relPath);
    const bytes = fs.readFileSync(sourceAbs);
    fs.writeFileSync(sourceAbs, bytes.subarray(0, Math.floor(bytes.length * 0.45)));

    const { jobId } = await processOne(s);
    const job = s.queue.get(jobId)!;
    expect(job.state).toBe('failed');
    const [sentence, detail] = job.stages.trim!.reason!.toString().split('\n');
    expect(sentence).toMatch(/^The source file is damaged or incomplete \(its (video|audio) stops at 0:1\d of 0:26\)\. Re-import it from the original\.$/);
    expect(detail).toMatch(/stream 0 \(\w+\): last packet ends at 1\d\.\d\d s, the file states 26\.\d\d s\./);
    const rec = recordingRow(s.lib, s.id);
    expect(rec.status).toBe('failed');
    expect(rec.statusReason!.startsWith('Processing failed (trim): The source file is damaged or incomplete')).toBe(true);
    expect(fileRows(s.lib, s.id)).toEqual(before);
    expect(tempDirs(s.root)).toEqual([]);
    s.lib.close();
  });

  it('keeps VP9/Opus in WebM', async () => {
    const src = makeVideo(path.join(tmpDir(), 'screen.webm'), { seconds: 24, codec: 'vp9', gop: GOP, audio: [{ tone: false, seconds: 5 }, { tone: true, seconds: 14 }, { tone: false, seconds: 5 }] });
    const s = await libraryWith(src, { paddingSec: PAD });
    const { jobId } = await processOne(s);
    const job = s.queue.get(jobId)!;
    expect(job.state, job.error ?? '').toBe('done');
    expect(job.stages.trim).toMatchObject({ status: 'done', container: 'webm' });
    const video = fileRows(s.lib, s.id).find((r) => r.kind === 'video')!;
    expect(video.relPath.endsWith('/video.webm')).toBe(true);
    const vp = probeJson(path.join(s.root, video.relPath));
    expect(vp.streams.map((x) => x.codec_name).sort()).toEqual(['opus', 'vp9']);
    await expectLedgerExact(s.lib);
    s.lib.close();
  });

  it('writes no video file when there is no silence: the source is the video', async () => {
    const src = makeVideo(path.join(tmpDir(), 'all-talk.mp4'), { seconds: 12 });
    const s = await libraryWith(src);
    const { jobId } = await processOne(s);
    const job = s.queue.get(jobId)!;
    expect(job.stages.trim).toMatchObject({ status: 'done', keptStartSec: 0 });
    expect(fileRows(s.lib, s.id).map((r) => r.kind).sort()).toEqual(['audio', 'poster', 'source']);
    expect(fs.readdirSync(path.join(s.root, `users/1/recordings/${s.id}`)).sort()).toEqual(['audio.mp3', 'poster.jpg', 'source.mp4']);
    expect(recordingRow(s.lib, s.id)).toMatchObject({ status: 'processed', keptStartMs: null });
    s.lib.close();
  });

  it('does not cut a recording that is mostly silence: needs review, with the figures', async () => {
    const src = makeVideo(path.join(tmpDir(), 'quiet.mp4'), { seconds: 30, audio: [{ tone: false, seconds: 12 }, { tone: true, seconds: 4 }, { tone: false, seconds: 14 }] });
    const s = await libraryWith(src);
    const { jobId } = await processOne(s);
    const job = s.queue.get(jobId)!;
    expect(job.stages.trim!.status).toBe('needs_review');
    expect(job.stages.trim!.reason).toMatch(/Only 0:08 of 0:30 would be kept/);
    const rec = recordingRow(s.lib, s.id);
    expect(rec.status).toBe('needs_review');
    expect(rec.statusReason).toMatch(/nothing was cut/);
    expect(fileRows(s.lib, s.id).some((r) => r.kind === 'video')).toBe(false);
    await expectLedgerExact(s.lib);
    s.lib.close();
  });

  // 10 s: one look at the whole file; 150 s: a look from each end that grows until it covers the file.
  it.each([
    [10, '0:10'],
    [150, '2:30'],
  ])('does not cut a recording with no speech at all (%i s): needs review, saying so, and nothing is cut', async (seconds, clock) => {
    const src = makeVideo(path.join(tmpDir(), `тишина ${seconds}.mp4`), { seconds, audio: [{ tone: false, seconds }] });
    const s = await libraryWith(src);
    const { jobId } = await processOne(s);
    const job = s.queue.get(jobId)!;
    expect(job.stages.trim).toMatchObject({ status: 'needs_review', keptStartSec: 0 });
    expect(job.stages.trim!.reason).toMatch(new RegExp(`^No speech was found: all ${clock} are quieter than the silence threshold \\(-40 dB\\), so nothing was cut\\.`));
    expect(codeReason(String(job.stages.trim!.reason))).toMatchObject({ code: 'no-speech-found', params: { noiseDb: -40 } });
    expect(recordingRow(s.lib, s.id)).toMatchObject({ status: 'needs_review', keptStartMs: null });
    expect(fileRows(s.lib, s.id).some((r) => r.kind === 'video')).toBe(false);
    await expectLedgerExact(s.lib);
    s.lib.close();
  });

  it('fails clearly on a corrupt source: nothing registered, files and kept range unchanged, temp gone', async () => {
    const src = makeVideo(path.join(tmpDir(), 'broken.mp4'), { seconds: 6 });
    const s = await libraryWith(src);
    const before = fileRows(s.lib, s.id);
    const sourceAbs = path.join(s.root, before[0]!.relPath);
    // Same size, garbage bytes: what a disk error or a bad copy leaves behind.
    fs.writeFileSync(sourceAbs, Buffer.alloc(fs.statSync(sourceAbs).size, 7));
    const { outcome, jobId } = await processOne(s);
    expect(outcome.status).toBe('rejected');
    const job = s.queue.get(jobId)!;
    expect(job.state).toBe('failed');
    expect(job.stages.trim!.status).toBe('failed');
    expect(job.stages.trim!.reason).toMatch(/The source cannot be read: (the file is truncated or damaged|not a readable audio or video file)/);
    expect(fileRows(s.lib, s.id)).toEqual(before);
    // Never processed, so now failed with the reason; its files and kept range are as before.
    const rec = recordingRow(s.lib, s.id);
    expect(rec).toMatchObject({ status: 'failed', keptStartMs: null, keptEndMs: null });
    expect(rec.statusReason).toMatch(/^Processing failed \(trim\): The source cannot be read/);
    expect(tempDirs(s.root)).toEqual([]);
    expect(s.lib.sqlite.prepare("SELECT COUNT(*) AS n FROM journal WHERE op = 'process'").get()).toEqual({ n: 0 });
    s.lib.close();
  });

  it('a failed re-process keeps the previous outputs and the processed status', async () => {
    const src = makeVideo(path.join(tmpDir(), 'ok-then-broken.mp4'), { seconds: 32, audio: speechy, gop: GOP });
    const s = await libraryWith(src, { paddingSec: PAD });
    await processOne(s);
    const before = fileRows(s.lib, s.id);
    const keptBefore = recordingRow(s.lib, s.id).keptStartMs;
    const sourceAbs = path.join(s.root, before.find((r) => r.kind === 'source')!.relPath);
    fs.writeFileSync(sourceAbs, Buffer.alloc(fs.statSync(sourceAbs).size, 7));
    const { jobId } = await processOne(s);
    expect(s.queue.get(jobId)!.state).toBe('failed');
    expect(fileRows(s.lib, s.id)).toEqual(before);
    expect(recordingRow(s.lib, s.id)).toMatchObject({ status: 'processed', keptStartMs: keptBefore });
    expect(recordingRow(s.lib, s.id).statusReason).toMatch(/^Processing failed/);
    for (const r of before.filter((f) => f.kind !== 'source')) expect((await hashFile(path.join(s.root, r.relPath))).hash).toBe(r.hash);
    expect(tempDirs(s.root)).toEqual([]);
    s.lib.close();
  });

  it('cancel mid-job kills ffmpeg and leaves the recording as it was', async () => {
    const src = makeVideo(path.join(tmpDir(), 'long.mp4'), { seconds: 60, audio: [{ tone: false, seconds: 6 }, { tone: true, seconds: 48 }, { tone: false, seconds: 6 }] });
    const s = await libraryWith(src);
    const before = fileRows(s.lib, s.id);
    let cancelledAt: string | null = null;
    s.lib.events.on('job:progress', (j) => {
      if (cancelledAt === null && j.state === 'running' && j.stages.audio?.status === 'running') {
        cancelledAt = j.progress.current;
        s.queue.cancel(j.id);
      }
    });
    const { outcome, jobId } = await processOne(s);
    expect(cancelledAt).not.toBeNull();
    expect(outcome.status).toBe('rejected');
    expect(s.queue.get(jobId)!.state).toBe('cancelled');
    expect(fileRows(s.lib, s.id)).toEqual(before);
    expect(recordingRow(s.lib, s.id)).toMatchObject({ status: 'ready', statusReason: null, keptStartMs: null });
    expect(tempDirs(s.root)).toEqual([]);
    expect(fs.readdirSync(path.join(s.root, `users/1/recordings/${s.id}`))).toEqual(['source.mp4']);
    await expectLedgerExact(s.lib);
    s.lib.close();
  });

  it('re-processing replaces the outputs safely and keeps the ledger exact', async () => {
    const src = makeVideo(path.join(tmpDir(), 'again.mp4'), { seconds: 32, audio: speechy, gop: GOP });
    const s = await libraryWith(src, { paddingSec: PAD });
    await processOne(s);
    const first = fileRows(s.lib, s.id);
    expect(first.some((r) => r.kind === 'video')).toBe(true);
    // A larger padding leaves nothing to cut: the old video must go, audio and poster are replaced.
    s.lib.updateSettings({ trim: { paddingSec: 8 } });
    const { jobId } = await processOne(s);
    expect(s.queue.get(jobId)!.state).toBe('done');
    const second = fileRows(s.lib, s.id);
    expect(second.map((r) => r.kind).sort()).toEqual(['audio', 'poster', 'source']);
    const audio = second.find((r) => r.kind === 'audio')!;
    expect(audio.hash).not.toBe(first.find((r) => r.kind === 'audio')!.hash);
    expect((await hashFile(path.join(s.root, audio.relPath))).hash).toBe(audio.hash);
    expect(fs.existsSync(path.join(s.root, `users/1/recordings/${s.id}/video.mp4`))).toBe(false);
    await expectLedgerExact(s.lib);
    s.lib.close();
  });

  it('writes subtitles from master.json, whose times are the kept video\'s (DESIGN §6a), clipped to its length', async () => {
    const src = makeVideo(path.join(tmpDir(), 'lecture.mp4'), { seconds: 32, audio: speechy, gop: GOP });
    const s = await libraryWith(src, { paddingSec: PAD });
    const masterRel = `users/1/recordings/${s.id}/transcription/master.json`;
    const long = 'this sentence is deliberately long so that it cannot fit in two lines of forty two characters and must be split';
    const master = JSON.stringify({ segments: [{ start: 1.5, end: 4, text: 'Hello and welcome.' }, { start: 5, end: 15, text: long }, { start: 500, end: 501, text: 'after the end' }] });
    fs.mkdirSync(path.dirname(path.join(s.root, masterRel)), { recursive: true });
    fs.writeFileSync(path.join(s.root, masterRel), master);
    const f = await hashFile(path.join(s.root, masterRel));
    addFile(s.lib.sqlite, { recordingId: s.id, profileId: 1, kind: 'transcript', relPath: masterRel as never, size: f.size, mtimeMs: Date.now(), inode: null, hash: f.hash });

    const { jobId } = await processOne(s);
    const job = s.queue.get(jobId)!;
    expect(job.stages.subtitles).toMatchObject({ status: 'done' });
    expect(job.stages.trim!.keptStartSec as number).toBeGreaterThan(0); // trimmed: the kept video is not the source
    const dir = path.join(s.root, `users/1/recordings/${s.id}/transcription`);
    const srt = fs.readFileSync(path.join(dir, 'subtitles.srt'), 'utf8');
    const vtt = fs.readFileSync(path.join(dir, 'subtitles.vtt'), 'utf8');
    const firstStart = (text: string) => parseStamp(text.split('\n').find((l) => l.includes('-->'))!.split(' --> ')[0]!);
    expect(firstStart(srt)).toBeCloseTo(1.5, 3);
    expect(fs.existsSync(path.join(dir, 'subtitles.source.srt'))).toBe(false);
    expect(vtt.startsWith('WEBVTT\n')).toBe(true);
    // Every word is there, in cues of at most 2 lines of 42 characters.
    const text = srt.split('\n\n').flatMap((c) => c.split('\n').slice(2)).filter(Boolean);
    expect(text.every((l) => [...l].length <= 42)).toBe(true);
    expect(text.join(' ')).toBe(`Hello and welcome. ${long}`);
    expect(srt.split('\n\n').filter(Boolean).every((c) => c.trim().split('\n').length <= 4)).toBe(true);
    expect(fileRows(s.lib, s.id).filter((r) => r.kind === 'subtitle')).toHaveLength(2);
    await expectLedgerExact(s.lib);
    s.lib.close();
  });
});
