// `npm run web -- [--panel file.modpanel] [--port N] [--key passphrase]`: the browser host.
// With no panel it opens the bundled demo panel, as `npm start` does. Prints `URL: <url>` when ready.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPanelApi } from '../db/api';
import { ensureDemoPanel } from '../db/demo';
import { ModerationService } from '../db/service';
import { startWebHost } from './host';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      panel: { type: 'string' },
      port: { type: 'string' },
      key: { type: 'string' },
      token: { type: 'string' },
      static: { type: 'string' },
    },
  });
  const staticDir = values.static ?? join(root, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    console.error(`The window has not been built (${staticDir} is missing). Run \`npm run build\` first, or use \`npm run web\`.`);
    process.exit(1);
  }
  const panelPath = values.panel ? resolve(values.panel) : ensureDemoPanel();
  const service = ModerationService.open(panelPath, values.key ? { key: values.key } : {});
  const api = createPanelApi({ service: () => service });
  const host = await startWebHost({
    api,
    staticDir,
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.token ? { token: values.token } : {}),
  });
  console.log(`Panel: ${panelPath}`);
  console.log(`URL: ${host.url}`);
  const stop = () => {
    void host.close().then(() => {
      service.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
