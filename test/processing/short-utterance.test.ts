/**
 * A short word at the very start of a recording is speech, not the recorder's click: real speech
 * (espeak-ng's "yes", about 0.4 s above the silence threshold) at 0 s, processed for real.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeReason } from '@shared/reasons';
import { tools } from '../media';
import { tmpDir } from '../helpers/tmp';
import { libraryWith, processOne, recordingRow } from './setup';

/** espeak-ng says each text; sox pads each with the silence after it; ffmpeg encodes the whole as a voice memo. */
function voiceMemo(dir: string, name: string, parts: { say: string; silenceAfterSec: number }[]): string {
  const wavs = parts.map((p, i) => {
    const said = path.join(dir, `said-${i}.wav`);
    const padded = path.join(dir, `padded-${i}.wav`);
    execFileSync('espeak-ng', ['-s', '150', '-w', said, p.say]);
    execFileSync('sox', [said, padded, 'pad', '0', String(p.silenceAfterSec)]);
    return padded;
  });
  const whole = path.join(dir, 'whole.wav');
  execFileSync('sox', [...wavs, whole]);
  const file = path.join(dir, name);
  execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-i', whole, '-ac', '1', '-c:a', 'aac', '-b:a', '64k', file]);
  return file;
}

describe('a short word at the very start', () => {
  it('alone before silence: not "no speech" (the word is found, and nothing is cut)', async () => {
    const file = voiceMemo(tmpDir(), 'да.m4a', [{ say: 'yes', silenceAfterSec: 9 }]);
    const s = await libraryWith(file, { paddingSec: 2, minSilenceSec: 2 });
    try {
      expect((await processOne(s)).outcome.status).toBe('fulfilled');
      const rec = recordingRow(s.lib, s.id);
      const coded = codeReason(rec.statusReason);
      expect(coded?.code, rec.statusReason ?? '').not.toBe('no-speech-found');
      // Kept from 0 to the word's end and the padding: too little of the file to cut without asking.
      expect(rec.status).toBe('needs_review');
      expect(coded).toMatchObject({ code: 'kept-too-short', params: { speechStartSec: 0 } });
      expect(rec.keptStartMs).toBeNull();
    } finally {
      s.lib.close();
    }
  }, 300_000);

  it('before a pause and more speech: kept, the trimmed copy starts at 0', async () => {
    const file = voiceMemo(tmpDir(), 'yes then more.m4a', [
      { say: 'yes', silenceAfterSec: 5 },
      { say: 'The quick brown fox jumps over the lazy dog.', silenceAfterSec: 6 },
    ]);
    const s = await libraryWith(file, { paddingSec: 2, minSilenceSec: 2 });
    try {
      expect((await processOne(s)).outcome.status).toBe('fulfilled');
      const rec = recordingRow(s.lib, s.id);
      expect(rec.status, rec.statusReason ?? '').toBe('processed');
      // The trailing silence is cut; the leading word is not taken for a click and cut away.
      expect(rec.keptStartMs).toBe(0);
      expect(rec.keptEndMs).toBeGreaterThan(8000);
    } finally {
      s.lib.close();
    }
  }, 300_000);
});
