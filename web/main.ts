// `npm run web -- [--panel file.modpanel] [--port N] [--passphrase-env VAR]`: the browser host.
// With no panel it opens the bundled demo panel, as `npm start` does. Prints `URL: <url>` when ready.
// `--new-panel-from people.csv [--panel new.modpanel]` makes a new panel from HR's file through the window's
// import wizard, as the desktop app's File ▸ New Panel from File does: the panel file is made when HR applies.
// An encrypted panel opens with MODPANEL_KEY (or the variable named by --passphrase-env); without it, the
// window asks for the passphrase. --key still works but other users can see it, so it is warned against.

import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPanelApi } from '../db/api';
import { ensureDemoPanel } from '../db/demo';
import { startWebHost } from './host';
import { GatedWebSession } from './lockedSession';
import { passphraseFrom } from '../db/passphrase';
import { NewPanelDrafts } from '../db/newPanelDraft';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      panel: { type: 'string' },
      port: { type: 'string' },
      key: { type: 'string' },
      'passphrase-env': { type: 'string' },
      token: { type: 'string' },
      static: { type: 'string' },
      'new-panel-from': { type: 'string' },
    },
  });
  const staticDir = values.static ?? join(root, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    console.error(`The window has not been built (${staticDir} is missing). Run \`npm run build\` first, or use \`npm run web\`.`);
    process.exit(1);
  }
  const newFrom = values['new-panel-from'] ? resolve(values['new-panel-from']) : null;
  const panelPath = values.panel ? resolve(values.panel) : newFrom ? join(dirname(newFrom), `${basename(newFrom, extname(newFrom))}.modpanel`) : ensureDemoPanel();
  const { key } = passphraseFrom(values, process.env, (warning) => console.error(warning));
  const session = new GatedWebSession(panelPath, (path) => console.log(`Panel: ${path}`));
  if (newFrom) {
    const drafts = new NewPanelDrafts(() => session.locks, 'web');
    session.newPanel = drafts;
    await drafts.start(newFrom, panelPath);
    console.log(`New panel from ${newFrom}: check and create it in the window; ${panelPath} is made then.`);
  } else if (!(await session.locks.open(panelPath, key))) console.log(`${panelPath} is encrypted: enter its passphrase in the window.`);
  const api = createPanelApi(session);
  const host = await startWebHost({
    api,
    staticDir,
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.token ? { token: values.token } : {}),
  });
  if (!newFrom) console.log(`Panel: ${panelPath}`);
  console.log(`URL: ${host.url}`);
  const stop = () => {
    void host.close().then(() => {
      session.close();
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
