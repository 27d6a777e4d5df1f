/** Every processed file is read back with ffprobe before it may replace anything in the library. */
import { runTool } from './runner';

export type OutputKind = 'video' | 'audio' | 'image' | 'subtitle';

interface Probed {
  streams?: { codec_type?: string; codec_name?: string; width?: number }[];
  format?: { duration?: string };
}

export class OutputCheckError extends Error {
  override name = 'OutputCheckError';
}

export async function verifyOutput(
  ffprobe: string,
  file: string,
  expect: { kind: OutputKind; durationSec?: number; hasVideo?: boolean; hasAudio?: boolean; width?: number },
  signal?: AbortSignal,
  onSpawn?: (pid: number) => void,
): Promise<void> {
  const { stdout } = await runTool(ffprobe, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], {
    captureStdout: true,
    signal,
    onSpawn,
    what: `Checking the new ${expect.kind}`,
  });
  const p = JSON.parse(stdout) as Probed;
  const types = (p.streams ?? []).map((s) => s.codec_type);
  const fail = (why: string) => {
    throw new OutputCheckError(`Checking the new ${expect.kind} failed: ${why}`);
  };
  if (expect.kind === 'subtitle') {
    if (!types.includes('subtitle')) fail('it holds no subtitle stream');
    return;
  }
  if (expect.kind === 'image') {
    const v = p.streams?.find((s) => s.codec_type === 'video');
    if (!v) fail('it is not an image');
    if (expect.width && v?.width !== expect.width) fail(`it is ${v?.width ?? 0} px wide, not ${expect.width}`);
    return;
  }
  if (expect.hasVideo && !types.includes('video')) fail('it has no video stream');
  if (expect.hasAudio && !types.includes('audio')) fail('it has no audio stream');
  if (expect.durationSec !== undefined) {
    const d = Number(p.format?.duration);
    // A stream copy may run a frame or a packet long; anything further off is a broken output.
    const tolerance = 1 + expect.durationSec * 0.02;
    if (!Number.isFinite(d) || Math.abs(d - expect.durationSec) > tolerance) {
      fail(`it lasts ${Number.isFinite(d) ? d.toFixed(1) : 'an unknown time'} s instead of ${expect.durationSec.toFixed(1)} s`);
    }
  }
}
