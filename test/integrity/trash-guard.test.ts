import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { searchKeyOf } from '@shared/domain';
import { Library } from '@core/catalog/library';
import { trashRecordings } from '@core/trash/trash';
import { tmpDir } from '../helpers/tmp';

describe('trash guards', () => {
  it('refuses to trash a recording while it is imported or processed, and says why', () => {
    const lib = Library.open(path.join(tmpDir(), 'L'), { create: true, writer: 't' });
    const ins = lib.sqlite.prepare("INSERT INTO recordings (profile_id, display_name, search_key, start_time, status) VALUES (1, 'x', ?, 0, ?)");
    const processing = Number(ins.run(searchKeyOf('x'), 'processing').lastInsertRowid);
    const importing = Number(ins.run(searchKeyOf('x'), 'importing').lastInsertRowid);
    const ready = Number(ins.run(searchKeyOf('x'), 'ready').lastInsertRowid);
    const out = trashRecordings(lib, [processing, importing, ready]);
    expect(out.done).toEqual([ready]);
    expect(out.skipped).toEqual([
      { id: processing, reason: 'being processed: cancel the job first' },
      { id: importing, reason: 'still importing' },
    ]);
    lib.close();
  });
});
