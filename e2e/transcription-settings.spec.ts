/**
 * Settings → Transcription (issue 14): the engine, "transcribe after processing" and the Whisper
 * model manager. The web harness's core host is pointed at a temp data folder and a local model
 * server, so a download runs for real (slowly served, so its progress bar is seen).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { currentHarness } from './harness/harness';
import { openView } from './support/flows';

test('engine and "transcribe after processing" are kept after a reload; a model downloads with progress and is removed', async ({ app, ui }) => {
  test.skip(app.host !== 'web', 'the model server is reached through the web harness host');
  const { page } = app;
  const host = currentHarness().host;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-models-'));
  // A stand-in ggml file (the real models cannot be fetched here), served in small slices.
  const body = randomBytes(1024 * 1024);
  Buffer.from([0x6c, 0x6d, 0x67, 0x67]).copy(body);
  const catalog = [{ name: 'tiny', file: 'ggml-tiny.bin', size: 'tiny', multilingual: true, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex'), sha1: '' }];
  fs.writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify(catalog));
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-length': body.length });
    // Half at once, the rest once the test has seen the progress bar.
    res.write(body.subarray(0, body.length / 2));
    void released.then(() => res.end(body.subarray(body.length / 2)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await host.setEnv({
      RECLIB_DATA_DIR: path.join(dir, 'Данные'),
      RECLIB_MODEL_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/models`,
      RECLIB_MODEL_CATALOG: path.join(dir, 'catalog.json'),
    });
    await openView(page, ui, 'settings');
    const card = page.getByRole('region', { name: ui.text('transcriptionSettings.title') });
    await expect(card).toBeVisible();
    const engine = card.getByLabel(ui.text('transcriptionSettings.engine'));
    // PocketSphinx is installed on this machine, and the option says so.
    await expect(engine.locator('option[value="pocketsphinx"]')).toContainText(ui.text('transcriptionSettings.available'));
    await engine.selectOption('pocketsphinx');
    await expect(card.getByText(`✓ ${ui.text('settings.saved')}`)).toHaveCount(1);
    // The box shows what is stored: it turns on once the library saved it.
    await card.getByLabel(ui.text('transcriptionSettings.afterProcessing')).click();
    await expect(card.getByLabel(ui.text('transcriptionSettings.afterProcessing'))).toBeChecked();
    await expect(card.getByText(`✓ ${ui.text('settings.saved')}`)).toHaveCount(1);
    const stored = (await host.request('settings:get', {})) as { ok: true; value: { transcription: { engine: string; afterProcessing: boolean } } };
    expect(stored.value.transcription).toMatchObject({ engine: 'pocketsphinx', afterProcessing: true });

    await page.reload();
    await openView(page, ui, 'settings');
    await expect(card.getByLabel(ui.text('transcriptionSettings.engine'))).toHaveValue('pocketsphinx');
    await expect(card.getByLabel(ui.text('transcriptionSettings.afterProcessing'))).toBeChecked();

    await expect(card.getByText(ui.text('transcriptionSettings.installedCount', { count: 0 }))).toBeVisible();
    // The model's size in the person's units (ru: «1,05 МБ»).
    await expect(card.getByRole('row', { name: /tiny/ }).getByRole('cell').first()).toHaveText(ui.bytes(body.length));
    await card.getByRole('button', { name: `${ui.text('transcriptionSettings.download')} tiny` }).click();
    const bar = card.getByRole('progressbar');
    await expect(bar).toHaveAttribute('value', '50');
    await expect(bar).toHaveAccessibleName(ui.text('transcriptionSettings.progress', { name: 'tiny', percent: 50 }));
    release();
    await expect(bar).toBeHidden();
    const row = card.getByRole('row', { name: /tiny/ });
    await expect(row).toContainText(ui.text('transcriptionSettings.state.installed'));
    await expect(card.getByText(ui.text('transcriptionSettings.installedCount', { count: 1 }))).toBeVisible();
    expect(fs.readFileSync(path.join(dir, 'Данные', 'models', 'whisper', 'ggml-tiny.bin')).equals(body)).toBe(true);

    await row.getByRole('button', { name: `${ui.text('transcriptionSettings.remove')} tiny` }).click();
    await expect(row).toContainText(ui.text('transcriptionSettings.state.absent'));
    expect(fs.existsSync(path.join(dir, 'Данные', 'models', 'whisper', 'ggml-tiny.bin'))).toBe(false);
  } finally {
    release();
    await host.setEnv({ RECLIB_DATA_DIR: null, RECLIB_MODEL_BASE_URL: null, RECLIB_MODEL_CATALOG: null });
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
