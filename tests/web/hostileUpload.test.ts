// The web host given hostile uploads: a damaged workbook's preview answers with the problem (it used to
// hang past a minute), and an upload past the import's size limit is refused before it is held in memory.

import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPanelApi } from '../../db/api';
import { IMPORT_LIMITS } from '../../db/import';
import { startWebHost, type WebHost } from '../../web/host';
import { makeTempPanel, type TempPanel } from '../electron/fakes';
import { workbookBytes } from '../import/workbookBytes';

const TOKEN = 'hostile-upload-token-0123456789';
let base: string;
let panel: TempPanel;
let host: WebHost;

function post(name: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: host.port,
        path: `/api/${name}?token=${TOKEN}`,
        method: 'POST',
        headers: { Host: `127.0.0.1:${host.port}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    // The host may answer and close before the whole body is sent.
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'modpanel-hostile-host-'));
  const staticDir = join(base, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>fake window</title>');
  panel = makeTempPanel(10);
  const service = panel.service;
  host = await startWebHost({ api: createPanelApi({ service: () => service }), staticDir, token: TOKEN });
});
afterAll(async () => {
  await host.close();
  panel.cleanup();
  rmSync(base, { recursive: true, force: true });
});

describe('the web host with hostile uploads', () => {
  it('answers a damaged workbook preview with the problem, and the panel is unchanged', async () => {
    const people = panel.service.people().length;
    const good = workbookBytes([['staff_id', 'name'], ['S1', 'Ada']]);
    const damaged = Buffer.from(good.subarray(0, good.length - 40));
    const reply = await post('previewImport', JSON.stringify({ fileName: 'damaged.xlsx', bytesBase64: damaged.toString('base64') }));
    expect(reply.status).toBe(200);
    const result = JSON.parse(reply.body) as { ok: true; value: { errors: { expected: string }[] } };
    expect(result.ok).toBe(true);
    expect(result.value.errors.map((e) => e.expected)).toEqual(['a workbook Excel can open; this one is damaged or cut short (it is not a complete zip archive)']);
    expect(panel.service.people()).toHaveLength(people);
  });

  it('refuses an upload larger than an import takes, saying so', async () => {
    const base64 = 'A'.repeat(Math.ceil(((IMPORT_LIMITS.fileBytes + 1024 * 1024) * 4) / 3));
    const reply = await post('previewImport', JSON.stringify({ fileName: 'huge.csv', bytesBase64: base64 }));
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toEqual({ ok: false, error: { code: 'invalid', message: 'The file is too large: an import takes a file of at most 64 MB.' } });
  });
});
