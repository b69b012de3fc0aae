// Bundles the desktop app with esbuild into dist-electron/ as CommonJS: main.cjs (the main process: windows,
// menus, dialogs; no panel code), panel-process.cjs (the utility process that owns the panel file: db/ and
// the native SQLite driver, left to require at run time, load there and nowhere else) and preload.cjs
// (self-contained, because a sandboxed preload may require only 'electron').
// `node scripts/build-electron.mjs` or `npm run build:electron`; also imported by scripts/start.mjs.

import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = join(root, 'dist-electron');

/** Modules a sandboxed preload is allowed to require; anything else would fail when the window opens. */
const SANDBOX_REQUIRES = new Set(['electron']);

function checkPreload(file) {
  const code = readFileSync(file, 'utf8');
  const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
  const refused = required.filter((name) => !SANDBOX_REQUIRES.has(name));
  if (refused.length > 0) {
    throw new Error(`The preload requires ${refused.join(', ')}, which a sandboxed preload cannot load. Keep Node imports out of electron/preload.ts and what it imports.`);
  }
}

/**
 * The main process must stay light: the panel file, its SQLite driver and everything in db/ belong to the panel
 * process, so that no query ever runs on the thread that draws the menus. Fails the build if main.cjs took any.
 */
function checkMain(metafile, file) {
  const fromDb = Object.keys(metafile.inputs).filter((input) => /^db\//.test(input));
  if (fromDb.length > 0) {
    throw new Error(`The main process bundle takes ${fromDb.join(', ')}; db/ runs only in the panel process (electron/panelProcess.ts).`);
  }
  const code = readFileSync(file, 'utf8');
  if (/require\(\s*["']better-sqlite3-multiple-ciphers/.test(code)) {
    throw new Error('The main process bundle requires the SQLite driver; it runs only in the panel process.');
  }
}

/**
 * The preload needs only the contract's entry names, not its zod schemas (most of a megabyte): the names
 * are read from shared/contract.ts here and the preload's imports of it become a one-line module.
 */
async function contractNamesPlugin() {
  const contract = await tsImport(join(root, 'shared/contract.ts'), import.meta.url);
  const names = [...contract.API_NAMES];
  return {
    name: 'contract-names',
    setup(plugin) {
      plugin.onResolve({ filter: /\/shared\/contract$/ }, () => ({ path: 'contract-names', namespace: 'contract-names' }));
      plugin.onLoad({ filter: /.*/, namespace: 'contract-names' }, () => ({
        contents: `export const API_NAMES = ${JSON.stringify(names)};`,
        loader: 'js',
      }));
    },
  };
}

/** `outDir` defaults to dist-electron/; tests build elsewhere (inside the repo, so node_modules resolves). */
export async function buildElectron({ quiet = false, outDir: destination = outDir } = {}) {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: true,
    logLevel: quiet ? 'error' : 'warning',
    absWorkingDir: root,
  };
  const mainFile = join(destination, 'main.cjs');
  const main = await build({
    ...common,
    entryPoints: [join(root, 'electron/main.ts')],
    outfile: mainFile,
    external: ['electron', 'better-sqlite3-multiple-ciphers'],
    metafile: true,
  });
  checkMain(main.metafile, mainFile);
  await build({
    ...common,
    entryPoints: [join(root, 'electron/panelProcess.ts')],
    outfile: join(destination, 'panel-process.cjs'),
    // The native driver is loaded from node_modules (its .node prebuild cannot be bundled); its per-target
    // entries (…/linux-x64) are external too.
    external: ['electron', 'better-sqlite3-multiple-ciphers'],
    // db/connection.ts uses createRequire(import.meta.url); in CommonJS that URL is this bundle's own file.
    define: { 'import.meta.url': '__modpanelImportMetaUrl' },
    banner: { js: 'const __modpanelImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  const preload = join(destination, 'preload.cjs');
  await build({
    ...common,
    entryPoints: [join(root, 'electron/preload.ts')],
    outfile: preload,
    external: ['electron'],
    plugins: [await contractNamesPlugin()],
  });
  checkPreload(preload);
  if (!quiet) console.log(`Built ${mainFile}, ${join(destination, 'panel-process.cjs')} and ${preload}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildElectron().catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
