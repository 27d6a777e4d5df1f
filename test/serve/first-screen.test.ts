/**
 * The first screen's answers as `reclib serve` writes them into its page: JSON that no value can
 * end early inside a script element, read back as the same values; a request is the same text
 * whichever order its keys were built in.
 */
import { describe, expect, it } from 'vitest';
import { answerKey, DEFAULT_LIST_QUERY, requestText, scriptSafeJson } from '../../src-shared/first-screen';

describe('first screen in the page', () => {
  it('escapes what could end or break a script element and reads back the same values', () => {
    const value = { name: 'Лекция «Ёж» "x" </script><script>alert(1)</script> <!-- & \u2028 \u2029 > ok', n: 1, nested: ['</SCRIPT>', null] };
    const text = scriptSafeJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain('Лекция «Ёж»');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('files a request under one text whatever the order of its keys', () => {
    const { offset, limit, ...filters } = DEFAULT_LIST_QUERY;
    const reordered = { limit, offset, ...filters };
    expect(requestText(reordered)).toBe(requestText(DEFAULT_LIST_QUERY));
    expect(answerKey('recordings:query', reordered)).toBe(answerKey('recordings:query', DEFAULT_LIST_QUERY));
    expect(answerKey('recordings:query', { ...DEFAULT_LIST_QUERY, search: 'ёж' })).not.toBe(answerKey('recordings:query', DEFAULT_LIST_QUERY));
    expect(requestText(undefined)).toBe('{}');
  });
});

describe('the page carries its stylesheets', () => {
  it('writes each built stylesheet into the page; one that could close <style> early, or a missing one, stays a link', async () => {
    const { inlineStylesheets } = await import('../../src-main/serve/first-screen');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { tmpDir } = await import('../helpers/tmp');
    const renderer = tmpDir();
    fs.mkdirSync(path.join(renderer, 'assets'));
    fs.writeFileSync(path.join(renderer, 'assets', 'index-a1.css'), '.row{height:40px}.name::before{content:"«Ёж»"}');
    fs.writeFileSync(path.join(renderer, 'assets', 'evil-b2.css'), '.x{content:"</style><script>alert(1)</script>"}');
    const links = ['index-a1.css', 'evil-b2.css', 'gone-c3.css'].map((n) => `<link rel="stylesheet" crossorigin href="./assets/${n}">`);
    const page = inlineStylesheets(`<head>${links.join('')}</head><body><div id="root"></div></body>`, renderer);
    expect(page).toBe(`<head><style>.row{height:40px}.name::before{content:"«Ёж»"}</style>${links[1]}${links[2]}</head><body><div id="root"></div></body>`);
  });
});
