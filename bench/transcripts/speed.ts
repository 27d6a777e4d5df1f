/**
 * Transcription speed, ×real-time (seconds of audio per second of wall time), on espeak-ng speech
 * made here. Ours: the pocketsphinx engine end to end (ffmpeg decode, chunking at quiet moments,
 * one decoder per chunk, segmenting). Baseline, in the same run: one plain
 * `pocketsphinx_continuous -infile x.wav -time yes` over the whole file, already decoded, which
 * is what the chunking and decoding around it cost against.
 *
 *   npx tsx bench/transcripts/speed.ts [--runs N] [--repeat R]
 *
 * It prints figures only; nothing here asserts time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, report, type Row } from '../lib';
import { PocketsphinxEngine } from '../../src-main/core/transcripts/pocketsphinx';

const TEXT =
  'Today we talk about gradient descent. We start from a guess, compute the slope of the loss, and take a small step downhill. ' +
  'The size of the step is the learning rate. Too large and we overshoot, too small and we wait forever. ' +
  'Next week we will look at momentum and at adaptive methods.';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function speech(dir: string, repeat: number): { mp3: string; wav: string; seconds: number } {
  const said = path.join(dir, 'said.wav');
  const wav = path.join(dir, 'speech.wav');
  const mp3 = path.join(dir, 'audio.mp3');
  execFileSync('espeak-ng', ['-s', '150', '-w', said, TEXT]);
  execFileSync('sox', [said, '-r', '16000', '-c', '1', '-b', '16', wav, 'pad', '0', '1', 'repeat', String(repeat), 'pad', '2', '3']);
  execFileSync(process.env.FFMPEG_BIN || 'ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, '-ac', '1', '-ar', '16000', '-b:a', '64k', mp3]);
  const seconds = Number(execFileSync('soxi', ['-D', wav], { encoding: 'utf8' }).trim());
  return { mp3, wav, seconds };
}

export async function benchTranscripts(runs = 3, repeat = 1): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-bench-transcripts-'));
  try {
    const s = speech(dir, repeat);
    const engine = new PocketsphinxEngine();
    const availability = await engine.available();
    if (!availability.ok) return [{ name: 'pocketsphinx', oursMs: NaN, note: `skipped: ${availability.reason}` }];
    let words = 0;
    const ours = await median(runs, async () => {
      const r = await engine.transcribe(s.mp3, { tempDir: dir });
      words = r.segments.reduce((a, seg) => a + seg.words.length, 0);
    });
    const model = '/usr/share/pocketsphinx/model/en-us';
    const plain = await median(runs, () =>
      execFileSync('pocketsphinx_continuous', ['-infile', s.wav, '-time', 'yes', '-hmm', `${model}/en-us`, '-lm', `${model}/en-us.lm.bin`, '-dict', `${model}/cmudict-en-us.dict`], { stdio: ['ignore', 'ignore', 'ignore'] }),
    );
    const x = (ms: number) => `${(s.seconds / (ms / 1000)).toFixed(2)}× real-time`;
    return [
      {
        name: `pocketsphinx on ${s.seconds.toFixed(1)} s of espeak-ng speech (${words} words, median of ${runs}, ${os.cpus().length} cores)`,
        oursMs: ours,
        baselineName: 'plain pocketsphinx_continuous on the decoded WAV',
        baselineMs: plain,
        note: `ours ${x(ours)}, plain ${x(plain)}`,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  report(await benchTranscripts(arg('--runs', 3), arg('--repeat', 1)));
}
