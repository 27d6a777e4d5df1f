/**
 * Which picture a recording's row asks for (found by a trial: a template without a picture hid the
 * posters of the recordings it took, as the row asked the template for an image it does not have).
 */
import { describe, expect, it } from 'vitest';
import { thumbnailVersion } from '../../src-renderer/src/api/thumbnail-version';

describe('a row picture', () => {
  it('is its own thumbnail, else its template’s image, else none (so the poster shows)', () => {
    const withPicture = { thumbnail: 'lecture.png', thumbnailScope: 'shared' };
    const withoutPicture = { thumbnail: null, thumbnailScope: 'shared' };
    expect(thumbnailVersion({ templateId: 3, thumbnailVersion: '12-400-abcd' }, withoutPicture)).toBe('own-12-400-abcd');
    expect(thumbnailVersion({ templateId: 3, thumbnailVersion: null }, withPicture)).toBe('t3-shared-lecture.png');
    expect(thumbnailVersion({ templateId: 3, thumbnailVersion: null }, withoutPicture)).toBe('none');
    expect(thumbnailVersion({ templateId: null, thumbnailVersion: null }, undefined)).toBe('none');
  });
});
