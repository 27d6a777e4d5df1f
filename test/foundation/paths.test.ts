import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibraryPaths, PathError, parseRecordingRel, toRelPath } from '../../src-main/core/storage/paths';
import { tmpDir } from '../helpers/tmp';

const hostile = ['../etc/passwd', '/etc/passwd', 'a/../../b', 'Лекция 1', '会議 🎥', 'C:\\Windows', 'x\0y', '', '.', 'name with "quotes" [1]', 'e\u0301t\u00e9'];

describe('LibraryPaths', () => {
  const root = '/lib';
  const p = new LibraryPaths(root);

  it('builds every layout path from ids', () => {
    expect(p.catalog()).toBe('/lib/catalog.db');
    expect(p.recordingFile(3, 42, 'source', 'MP4')).toBe('users/3/recordings/42/source.mp4');
    expect(p.recordingFile(3, 42, 'video', 'webm')).toBe('users/3/recordings/42/video.webm');
    expect(p.recordingFile(3, 42, 'audio')).toBe('users/3/recordings/42/audio.mp3');
    expect(p.recordingFile(3, 42, 'poster')).toBe('users/3/recordings/42/poster.jpg');
    expect(p.recordingFile(3, 42, 'thumbnail')).toBe('users/3/recordings/42/thumbnail.png');
    expect(p.transcriptFile(3, 42, 'master.json')).toBe('users/3/recordings/42/transcription/master.json');
    expect(p.transcriptFile(3, 42, 'topics_v2.json')).toBe('users/3/recordings/42/transcription/topics_v2.json');
    expect(p.transcriptFile(3, 42, 'subtitles.vtt')).toBe('users/3/recordings/42/transcription/subtitles.vtt');
    expect(p.profileThumbnail(3, 'my-course')).toBe('users/3/thumbnails/my-course.png');
    expect(p.sharedThumbnail('python')).toBe('shared/thumbnails/python.png');
    expect(p.tempDir(3, 'job-17')).toBe('temp/3/job-17');
    expect(p.trashItem('2026-11-21', toRelPath('users/3/recordings/42/source.mp4'))).toBe('trash/2026-11-21/users/3/recordings/42/source.mp4');
    expect(p.legacyDir('run-1')).toBe('legacy/run-1');
    expect(p.abs('users/3/recordings/42/source.mp4')).toBe(path.join('/lib', 'users/3/recordings/42/source.mp4'));
  });

  it('no display name can reach a path: every free-form input is refused', () => {
    for (const s of hostile) {
      expect(() => p.sharedThumbnail(s), s).toThrow(PathError);
      expect(() => p.profileThumbnail(1, s), s).toThrow(PathError);
      expect(() => p.tempDir(1, s), s).toThrow(PathError);
      expect(() => p.recordingFile(1, 1, 'source', s), s).toThrow(PathError);
      expect(() => p.transcriptFile(1, 1, s as 'master.json'), s).toThrow(PathError);
      expect(() => p.legacyDir(s), s).toThrow(PathError);
    }
    for (const bad of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
      expect(() => p.recordingDir(bad, 1)).toThrow(PathError);
      expect(() => p.recordingDir(1, bad)).toThrow(PathError);
    }
  });

  it('refuses relative paths that leave or mangle the library', () => {
    for (const bad of ['../x', 'users/../../x', '/abs', 'a//b', 'a/./b', 'a\\b', 'x\0', '', 'C:/x']) {
      expect(() => toRelPath(bad), bad).toThrow(PathError);
      expect(() => p.abs(bad), bad).toThrow(PathError);
    }
    expect(() => p.relOf('/elsewhere/file')).toThrow(PathError);
    expect(() => p.relOf('/lib')).toThrow(PathError);
    expect(p.relOf('/lib/users/1/recordings/2/source.mp4')).toBe('users/1/recordings/2/source.mp4');
    expect(() => p.trashItem('2026-11-21', toRelPath('trash/x'))).toThrow(PathError);
    expect(() => p.trashItem('21.11.2026', toRelPath('users/1/x'))).toThrow(PathError);
  });

  it('parses layout paths back into ids', () => {
    expect(parseRecordingRel(toRelPath('users/3/recordings/42/source.mp4'))).toEqual({ uid: 3, recordingId: 42, rest: 'source.mp4' });
    expect(parseRecordingRel(toRelPath('shared/thumbnails/x.png'))).toBeNull();
  });

  it('detects a symlink that escapes the library', () => {
    const base = tmpDir();
    const lib = path.join(base, 'lib');
    const outside = path.join(base, 'outside');
    fs.mkdirSync(path.join(lib, 'users/1'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'precious.mp4'), 'x');
    fs.symlinkSync(outside, path.join(lib, 'users/1/recordings'));
    const lp = new LibraryPaths(lib);
    expect(() => lp.assertNoEscape('users/1/recordings/precious.mp4')).toThrow(/outside the library/);
    expect(() => lp.assertNoEscape('users/1/recordings/not-yet.mp4')).toThrow(/outside the library/);
    expect(lp.assertNoEscape('users/1/other.mp4')).toBe(path.join(lib, 'users/1/other.mp4'));
  });
});
