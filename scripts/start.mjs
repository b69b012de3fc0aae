// `npm start [-- --panel file.modpanel] [--web] [--no-build]`: builds the window and the Electron bundles,
// then opens the desktop app (the demo panel unless a panel is given). Where Electron's runtime is not
// installed and cannot be fetched, it says so in one line and opens the same app through the local web
// host instead, which prints `URL: …`.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(`Node ${process.versions.node} is too old: run \`npm start\` (which uses the project's Node 22), not node directly.`);
  process.exit(1);
}

const args = process.argv.slice(2);
const forceWeb = args.includes('--web') || process.env.MODPANEL_WEB === '1';
const skipBuild = args.includes('--no-build');
const appArgs = args.filter((arg) => arg !== '--web' && arg !== '--no-build');

function run(command, commandArgs, what) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`${what} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

/** The Electron executable if its runtime is on disk, found without loading the package (which would download). */
function installedElectron() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { path: null, packageDir: null };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, relative || 'electron');
    return { path: existsSync(candidate) ? candidate : null, packageDir };
  }
  const candidate = relative ? join(packageDir, 'dist', relative) : null;
  return { path: candidate && existsSync(candidate) ? candidate : null, packageDir };
}

/** Electron 45+ fetches its runtime on first use rather than at install: do that once, quietly. */
function fetchElectron(packageDir) {
  console.log("Electron's runtime is not on this machine yet: fetching it (needed once)…");
  const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
    cwd: packageDir,
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });
  return result.status === 0;
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function startWeb() {
  forward(spawn(bin('tsx'), [join(root, 'web', 'main.ts'), ...appArgs], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }));
}

function startElectron(electronPath) {
  const env = { ...process.env };
  // Set by some tools; it would make Electron behave as plain Node and ignore the app.
  delete env.ELECTRON_RUN_AS_NODE;
  forward(spawn(electronPath, [root, ...appArgs], { cwd: process.cwd(), stdio: 'inherit', env }));
}

if (!skipBuild) {
  run(bin('vite'), ['build', '--logLevel', 'warn'], 'Building the window (vite build)');
  const { buildElectron } = await import('./build-electron.mjs');
  await buildElectron({ quiet: true });
}

if (forceWeb) {
  console.log('Opening the app through the local web host (--web).');
  startWeb();
} else {
  let electron = installedElectron();
  if (!electron.path && electron.packageDir && fetchElectron(electron.packageDir)) electron = installedElectron();
  if (electron.path) {
    startElectron(electron.path);
  } else {
    console.log(
      electron.packageDir
        ? 'Electron is not available on this machine (its runtime could not be downloaded), so the app opens through the local web host instead: open the URL below in your browser.'
        : 'Electron is not installed (run `npm install`), so the app opens through the local web host instead: open the URL below in your browser.',
    );
    startWeb();
  }
}
