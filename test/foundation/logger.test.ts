import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src-main/core/log/logger';
import { tmpDir } from '../helpers/tmp';

describe('logger', () => {
  it('writes JSON lines with context to a rotating file and readable text to the console', () => {
    const dir = tmpDir();
    const lines: string[] = [];
    const log = createLogger({ dir, level: 'info', console: (l) => lines.push(l), maxBytes: 400, keep: 2 });
    const job = log.child({ jobId: 7 });
    job.info('copied', { recordingId: 3 });
    log.debug('hidden');
    const first = JSON.parse(fs.readFileSync(path.join(dir, 'reclib.log'), 'utf8').trim()) as Record<string, unknown>;
    expect(first).toMatchObject({ level: 'info', msg: 'copied', jobId: 7, recordingId: 3 });
    expect(lines[0]).toMatch(/INFO {2}copied \(jobId=7 recordingId=3\)/);
    expect(lines).toHaveLength(1);
    for (let i = 0; i < 20; i++) log.warn('filler line to force a rotation', { i });
    expect(fs.existsSync(path.join(dir, 'reclib.log.1'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'reclib.log.3'))).toBe(false);
    log.setLevel('error');
    log.warn('quiet');
    expect(lines.some((l) => l.includes('quiet'))).toBe(false);
  });
});
