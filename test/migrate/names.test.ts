import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readLegacyDb } from '@core/catalog/legacy-db';
import { name60, namesCompatible, originalFileName, parseOriginal, parseProcessed, processedStem, sanitized } from '../../src-main/core/migrate/names';
import { tmpDir } from '../helpers/tmp';

describe('legacy names', () => {
  it('builds and parses the original form, dates and (unknown_date)', () => {
    const file = originalFileName('Лекция «Введение»: 1/2', '2024-03-05', 'mp4');
    expect(file).toBe('Лекция Введение 12 (05.03.2024).mp4');
    expect(parseOriginal(file)).toEqual({ name: 'Лекция Введение 12', date: '2024-03-05', ext: 'mp4' });
    expect(parseOriginal('Встреча (unknown_date).MKV')).toEqual({ name: 'Встреча', date: null, ext: 'mkv' });
    expect(parseOriginal('no date.mp4')).toBeNull();
    expect(Array.from(name60('я'.repeat(80))).length).toBe(60);
  });

  it('builds and parses the processed form with its UTC time', () => {
    const t = Date.parse('2024-03-05T23:45:00Z');
    const stem = processedStem('  Q1: plan / review?  ', t);
    expect(stem).toBe('Q1__plan___review_24-03-05_23-45_processed');
    const p = parseProcessed(`${stem}.mp4`);
    expect(p).toMatchObject({ sanitized: 'Q1__plan___review', startTime: t, date: '2024-03-05', ext: 'mp4', stem });
    expect(sanitized('a   b\tc')).toBe('a_b_c');
    expect(parseProcessed('video.mp4')).toBeNull();
  });

  it('compares the two forms of one name, including a name cut at 60', () => {
    const long = 'Очень длинное название лекции по теории вероятностей и математической статистике';
    expect(namesCompatible(name60(long), sanitized(long))).toBe(true);
    expect(namesCompatible(name60('Лекция «Введение» 1'), sanitized('Лекция «Введение» 1'))).toBe(true);
    expect(namesCompatible(name60('Лекция 1'), sanitized('Лекция 12'))).toBe(false);
  });
});

describe('legacy data.db', () => {
  it('reads a recordings table with missing columns and any time format', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'data.db');
    const db = new Database(file);
    db.exec('CREATE TABLE recordings (id INTEGER PRIMARY KEY, display_name TEXT, start_time)');
    db.prepare('INSERT INTO recordings VALUES (?, ?, ?)').run(1, 'Лекция', '2024-03-05 09:00:00');
    db.prepare('INSERT INTO recordings VALUES (?, ?, ?)').run(2, 'Семинар', 1709629200);
    db.close();
    const r = readLegacyDb(file);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((x) => [x.id, x.displayName, x.startTime, x.localVideoPath])).toEqual([
      [1, 'Лекция', Date.parse('2024-03-05T09:00:00Z'), null],
      [2, 'Семинар', 1709629200000, null],
    ]);
  });

  it('refuses a stray file or a SQLite file without recordings, with the reason', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'junk.db'), 'not sqlite at all, just text that is long enough');
    expect(readLegacyDb(path.join(dir, 'junk.db'))).toMatchObject({ ok: false });
    const db = new Database(path.join(dir, 'other.db'));
    db.exec('CREATE TABLE users (id INTEGER)');
    db.close();
    const r = readLegacyDb(path.join(dir, 'other.db'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/no recordings table/);
  });
});
