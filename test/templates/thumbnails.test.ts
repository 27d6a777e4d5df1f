import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { serveMedia } from '@core/services/media-route';
import { getRecording, queryRecordings } from '@core/services/recordings';
import { recordingQuerySchema } from '@shared/channels/recordings';
import type { Library } from '@core/catalog/library';
import { verifyLedger } from '../../src-main/core/quota/verify';
import { hashBytes } from '../../src-main/core/storage/hash';
import { assignTemplate, deleteTemplate, listTemplates, saveTemplate } from '../../src-main/core/templates/store';
import {
  clearRecordingThumbnail,
  recordingThumbnail,
  setRecordingThumbnail,
  templateThumbnailById,
  ThumbnailError,
  uploadTemplateThumbnail,
} from '../../src-main/core/templates/thumbnails';
import { tmpDir } from '../helpers/tmp';
import { tools } from '../media';
import { addRecording, openLib, RESOURCES, templateId } from './helpers';

/** A small real image drawn by ffmpeg; `color` makes each one different. */
function makeImage(file: string, color: string, size = '160x90'): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${color}:s=${size}:d=1`, '-frames:v', '1', '-update', '1', file]);
  return fs.readFileSync(file);
}

async function bodyOf(body: Readable | string | null): Promise<Buffer> {
  if (body === null || typeof body === 'string') return Buffer.from(body ?? '');
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function usageOf(lib: Library, kind: string): { bytes: number; files: number } {
  return (lib.sqlite.prepare('SELECT bytes, files FROM usage WHERE profile_id = 1 AND kind = ?').get(kind) as { bytes: number; files: number } | undefined) ?? { bytes: 0, files: 0 };
}

/** Every thumbnail file the library holds, by content hash. */
function thumbnailFiles(lib: Library): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (abs: string) => {
    const h = hashBytes(fs.readFileSync(abs));
    out.set(h, [...(out.get(h) ?? []), path.relative(lib.root, abs)]);
  };
  const dirs = [path.join(lib.root, 'shared/thumbnails')];
  for (const uid of fs.readdirSync(path.join(lib.root, 'users'))) {
    dirs.push(path.join(lib.root, 'users', uid, 'thumbnails'));
    const recs = path.join(lib.root, 'users', uid, 'recordings');
    if (fs.existsSync(recs)) for (const id of fs.readdirSync(recs)) if (fs.existsSync(path.join(recs, id, 'thumbnail.png'))) add(path.join(recs, id, 'thumbnail.png'));
  }
  for (const d of dirs) if (fs.existsSync(d)) for (const f of fs.readdirSync(d)) add(path.join(d, f));
  return out;
}

describe('thumbnail lookup', () => {
  it('goes custom -> profile upload -> shared, and the media route serves the same file', async () => {
    const lib = openLib();
    try {
      const dir = tmpDir('reclib-img-');
      const py = templateId(lib, 'Applied Python');
      const rec = addRecording(lib, 'Python lecture');
      expect(recordingThumbnail(lib, rec)).toBeNull(); // no template yet, no custom image
      assignTemplate(lib, [rec], py);

      const shared = recordingThumbnail(lib, rec);
      expect(shared).toMatchObject({ source: 'shared', rel: 'shared/thumbnails/applied-python.png' });

      const upload = makeImage(path.join(dir, 'blue.png'), 'blue');
      expect((await uploadTemplateThumbnail(lib, tools, py, { data: upload, fileName: 'blue.png' })).reused).toBeNull();
      const profile = recordingThumbnail(lib, rec);
      expect(profile?.source).toBe('profile');
      expect(profile?.rel).toMatch(/^users\/1\/thumbnails\/upload-[0-9a-f]{16}\.png$/);
      expect(fs.readFileSync(profile!.abs).equals(upload)).toBe(true);

      const custom = makeImage(path.join(dir, 'red.png'), 'red');
      expect(getRecording(lib, rec).thumbnailVersion).toBeNull();
      await setRecordingThumbnail(lib, tools, rec, { data: makeImage(path.join(dir, 'olive.png'), 'olive'), fileName: 'olive.png' });
      const v1 = getRecording(lib, rec).thumbnailVersion;
      await setRecordingThumbnail(lib, tools, rec, { data: custom, fileName: 'red.png' });
      expect(recordingThumbnail(lib, rec)).toMatchObject({ source: 'custom', rel: `users/1/recordings/${rec}/thumbnail.png` });
      // The row's and the detail's thumbnail version changes with every upload (same file row, same size, new bytes).
      const v2 = getRecording(lib, rec).thumbnailVersion;
      expect(v1).toMatch(/^\d+-\d+-[0-9a-f]{8}$/);
      expect(v2).not.toBe(v1);
      expect(queryRecordings(lib, recordingQuerySchema.parse({})).rows.find((r) => r.id === rec)?.thumbnailVersion).toBe(v2);

      const res = serveMedia(lib, rec, 'thumbnail', null);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect((await bodyOf(res.body)).equals(custom)).toBe(true);
      const tpl = serveMedia(lib, py, 'template-thumbnail', null);
      expect((await bodyOf(tpl.body)).equals(upload)).toBe(true);

      // Removing the recording's own image: row, ledger and file go; its template's shows again.
      const before = usageOf(lib, 'thumbnail');
      expect(await clearRecordingThumbnail(lib, rec)).toBe(true);
      expect(usageOf(lib, 'thumbnail')).toEqual({ bytes: before.bytes - custom.length, files: before.files - 1 });
      expect(recordingThumbnail(lib, rec)?.source).toBe('profile');
      expect(getRecording(lib, rec).thumbnailVersion).toBeNull();
      await setRecordingThumbnail(lib, tools, rec, { data: custom, fileName: 'red.png' });
      expect((await verifyLedger(lib)).problems).toEqual([]);

      // A custom file gone from disk falls back to the next in line instead of a broken image.
      fs.rmSync(path.join(lib.root, 'users/1/recordings', String(rec), 'thumbnail.png'));
      expect(recordingThumbnail(lib, rec)?.source).toBe('profile');
      fs.rmSync(profile!.abs);
      expect(recordingThumbnail(lib, rec)).toBeNull();
      expect(serveMedia(lib, rec, 'thumbnail', null).status).toBe(404);
    } finally {
      lib.close();
    }
  });

  it('a template of every profile keeps its upload in the default profile and shows it for other profiles', async () => {
    const lib = openLib();
    try {
      lib.sqlite.prepare("INSERT INTO profiles (id, name) VALUES (2, 'Second')").run();
      const ml = templateId(lib, 'Machine Learning');
      const rec = addRecording(lib, 'ML week 1', 2);
      assignTemplate(lib, [rec], ml);
      const img = makeImage(path.join(tmpDir(), 'g.png'), 'green');
      await uploadTemplateThumbnail(lib, tools, ml, { data: img, fileName: 'g.png' });
      expect(recordingThumbnail(lib, rec)).toMatchObject({ source: 'profile' });
      expect(templateThumbnailById(lib, ml)?.rel.startsWith('users/1/thumbnails/')).toBe(true);
    } finally {
      lib.close();
    }
  });
  it('a template upload is looked up in the recording’s profile first, then the template’s, then shared', async () => {
    const lib = openLib();
    try {
      lib.sqlite.prepare("INSERT INTO profiles (id, name) VALUES (2, 'Second')").run();
      const ml = templateId(lib, 'Machine Learning');
      const r1 = addRecording(lib, 'ML week 1', 1);
      const r2 = addRecording(lib, 'ML week 2', 2);
      assignTemplate(lib, [r1, r2], ml);
      const img = makeImage(path.join(tmpDir(), 'g.png'), 'green');
      await uploadTemplateThumbnail(lib, tools, ml, { data: img, fileName: 'g.png' });
      const name = listTemplates(lib).find((t) => t.id === ml)!.thumbnail!;
      // Profile 2 keeps its own image under the same name (as a per-user legacy folder did).
      const mine = makeImage(path.join(lib.root, 'users/2/thumbnails', `${name}.png`), 'maroon');
      expect(recordingThumbnail(lib, r2)).toMatchObject({ source: 'profile', rel: `users/2/thumbnails/${name}.png` });
      expect(fs.readFileSync(recordingThumbnail(lib, r2)!.abs).equals(mine)).toBe(true);
      expect(recordingThumbnail(lib, r1)).toMatchObject({ source: 'profile', rel: `users/1/thumbnails/${name}.png` });
      // Without the recording's profile copy, the template's profile (the default one) serves it.
      fs.rmSync(path.join(lib.root, 'users/2/thumbnails', `${name}.png`));
      expect(recordingThumbnail(lib, r2)).toMatchObject({ source: 'profile', rel: `users/1/thumbnails/${name}.png` });
    } finally {
      lib.close();
    }
  });
});

describe('thumbnail uploads', () => {
  it('refuses files that are not PNG or JPEG by their bytes, whatever their name says', async () => {
    const lib = openLib();
    try {
      const t = templateId(lib, 'Statistics');
      const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
      await expect(uploadTemplateThumbnail(lib, tools, t, { data: gif, fileName: 'cover.png' })).rejects.toThrow(
        '“cover.png” is not a PNG or JPEG image (it is a GIF image). Upload a .png or .jpg file.',
      );
      await expect(uploadTemplateThumbnail(lib, tools, t, { data: Buffer.from('hello'), fileName: 'notes.jpg' })).rejects.toThrow(ThumbnailError);
      // PNG magic bytes followed by garbage: decoded by ffmpeg, refused.
      const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
      await expect(uploadTemplateThumbnail(lib, tools, t, { data: fake, fileName: 'broken.png' })).rejects.toThrow('could not be read as an image');
      expect(listTemplates(lib).find((x) => x.id === t)?.thumbnail).toBe('statistics');
      expect(usageOf(lib, 'thumbnail')).toEqual({ bytes: 0, files: 0 });
      expect(fs.readdirSync(path.join(lib.root, 'temp/1'))).toEqual([]); // scratch cleaned
    } finally {
      lib.close();
    }
  });

  it('refuses an image over the size limit in the settings', async () => {
    const lib = openLib();
    try {
      lib.updateSettings({ thumbnails: { maxUploadBytes: 2048 } });
      const big = makeImage(path.join(tmpDir(), 'noise.png'), 'white', '320x180');
      const noisy = Buffer.concat([big, Buffer.alloc(4096)]);
      await expect(uploadTemplateThumbnail(lib, tools, templateId(lib, 'DevOps'), { data: noisy, fileName: 'huge.png' })).rejects.toThrow(
        /“huge\.png” is .* KB; thumbnails may be at most 2\.05 KB/,
      );
    } finally {
      lib.close();
    }
  });

  it('converts JPEG to PNG and registers the file with the ledger', async () => {
    const lib = openLib();
    try {
      const jpg = makeImage(path.join(tmpDir(), 'photo.jpg'), 'orange');
      expect(jpg.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
      const t = templateId(lib, 'Algorithms');
      await uploadTemplateThumbnail(lib, tools, t, { data: jpg, fileName: 'photo.jpg' });
      const got = templateThumbnailById(lib, t)!;
      const bytes = fs.readFileSync(got.abs);
      expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
      const row = lib.sqlite.prepare("SELECT kind, size, hash, recording_id AS r FROM files WHERE rel_path = ?").get(got.rel);
      expect(row).toEqual({ kind: 'thumbnail', size: bytes.length, hash: hashBytes(bytes), r: null });
      expect(usageOf(lib, 'thumbnail')).toEqual({ bytes: bytes.length, files: 1 });
      expect((await verifyLedger(lib)).problems).toEqual([]);
    } finally {
      lib.close();
    }
  });

  it('replacing or deleting removes an upload no template uses any more (file, row and ledger)', async () => {
    const lib = openLib();
    try {
      const dir = tmpDir();
      const t = templateId(lib, 'Interviews');
      await uploadTemplateThumbnail(lib, tools, t, { data: makeImage(path.join(dir, 'a.png'), 'navy'), fileName: 'a.png' });
      const first = templateThumbnailById(lib, t)!;
      await uploadTemplateThumbnail(lib, tools, t, { data: makeImage(path.join(dir, 'b.png'), 'teal'), fileName: 'b.png' });
      expect(fs.existsSync(first.abs)).toBe(false);
      expect(usageOf(lib, 'thumbnail').files).toBe(1);
      await deleteTemplate(lib, t);
      expect(usageOf(lib, 'thumbnail')).toEqual({ bytes: 0, files: 0 });
      expect(fs.readdirSync(path.join(lib.root, 'users/1/thumbnails'))).toEqual([]);
      expect((await verifyLedger(lib)).problems).toEqual([]);
    } finally {
      lib.close();
    }
  });

  it('never stores two identical thumbnail files: copies of shared or uploaded images are reused', async () => {
    const lib = openLib();
    try {
      const dir = tmpDir();
      const shared = fs.readFileSync(path.join(RESOURCES, 'thumbnails', 'applied-python.png'));
      const ml = templateId(lib, 'Machine Learning');
      const dl = templateId(lib, 'Deep Learning');
      const de = templateId(lib, 'Data Engineering');

      // A copy of a shared template image (as the old system kept in every user folder).
      expect((await uploadTemplateThumbnail(lib, tools, ml, { data: shared, fileName: 'copy.png' })).reused).toBe('shared');
      expect(listTemplates(lib).find((t) => t.id === ml)).toMatchObject({ thumbnail: 'applied-python', thumbnailScope: 'shared' });

      // The same new image for two templates: one file.
      const mine = makeImage(path.join(dir, 'mine.png'), 'purple');
      expect((await uploadTemplateThumbnail(lib, tools, dl, { data: mine, fileName: 'mine.png' })).reused).toBeNull();
      expect((await uploadTemplateThumbnail(lib, tools, de, { data: mine, fileName: 'again.png' })).reused).toBe('profile');

      // A recording's own thumbnail that copies a template image is refused.
      const rec = addRecording(lib, 'Standalone');
      await expect(setRecordingThumbnail(lib, tools, rec, { data: shared, fileName: 'x.png' })).rejects.toThrow('already in the library');
      await expect(setRecordingThumbnail(lib, tools, rec, { data: mine, fileName: 'y.png' })).rejects.toThrow('already in the library');
      const own = makeImage(path.join(dir, 'own.png'), 'yellow');
      await setRecordingThumbnail(lib, tools, rec, { data: own, fileName: 'own.png' });
      await setRecordingThumbnail(lib, tools, rec, { data: own, fileName: 'own-again.png' }); // its own image again: nothing changes

      // The same custom image for a second recording: refused, naming the recording that has it.
      const other = addRecording(lib, 'Second standalone');
      await expect(setRecordingThumbnail(lib, tools, other, { data: own, fileName: 'own.png' })).rejects.toThrow(
        `This image is already in the library as the own thumbnail of recording “Standalone” (#${rec})`,
      );
      // ...and as a template upload (a template cannot point at a recording's file).
      await expect(uploadTemplateThumbnail(lib, tools, ml, { data: own, fileName: 'own.png' })).rejects.toThrow(`the own thumbnail of recording “Standalone” (#${rec})`);
      expect(recordingThumbnail(lib, other)).toBeNull();

      // Profile 2 uploads the image profile 1 already uploaded: the existing file is reused.
      lib.sqlite.prepare("INSERT INTO profiles (id, name) VALUES (2, 'Second')").run();
      const p2 = saveTemplate(lib, { name: 'Mine too', rules: { keywords: ['mine'] }, profileId: 2 });
      if (!p2.ok) throw new Error('save failed');
      expect((await uploadTemplateThumbnail(lib, tools, p2.template.id, { data: mine, fileName: 'mine.png' })).reused).toBe('profile');
      expect(fs.existsSync(path.join(lib.root, 'users/2/thumbnails'))).toBe(false);
      const rec2 = addRecording(lib, 'mine, week 1', 2);
      assignTemplate(lib, [rec2], p2.template.id);
      const shown = recordingThumbnail(lib, rec2)!;
      expect(shown.rel).toMatch(/^users\/1\/thumbnails\/upload-[0-9a-f]{16}\.png$/);
      expect(fs.readFileSync(shown.abs).equals(mine)).toBe(true);
      expect(listTemplates(lib).find((t) => t.id === p2.template.id)?.hasThumbnail).toBe(true);
      // Profile 1's templates stop using it: profile 2's template still does, so the file stays.
      await deleteTemplate(lib, dl);
      await deleteTemplate(lib, de);
      expect(fs.existsSync(shown.abs)).toBe(true);
      await deleteTemplate(lib, p2.template.id);
      expect(fs.existsSync(shown.abs)).toBe(false);
      await uploadTemplateThumbnail(lib, tools, templateId(lib, 'Statistics'), { data: mine, fileName: 'mine.png' });

      const files = thumbnailFiles(lib);
      const dupes = [...files.values()].filter((paths) => paths.length > 1);
      expect(dupes).toEqual([]);
      expect([...files.values()].flat().length).toBe(12 + 2);
      expect((await verifyLedger(lib)).problems).toEqual([]);
    } finally {
      lib.close();
    }
  });
});
