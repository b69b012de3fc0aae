#!/usr/bin/env node
// The `modpanel` command. Runs the bundled CLI (dist-cli/main.mjs, built from cli/ by scripts/build-cli.mjs
// at `npm install`, and again here whenever a source file is newer) in this process. The native SQLite
// driver needs Node 22.12 or newer: under an older Node (these machines ship 20) a command that opens a
// panel re-runs under node_modules' pinned Node 22, as a child that gets this process's signals and
// exits when it does. `--help` runs on whatever Node started it.

import { spawn } from 'node:child_process';
import nodeModule from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Node 22 keeps the bundle's compiled code between runs (in the system's temporary folder); Node 20 has no cache.
nodeModule.enableCompileCache?.();

// `modpanel list --json | head`: when the reader closes the pipe, stop quietly (exit 0), as Unix tools do.
// Anything else that escapes is one readable line, never a stack trace.
const firstLine = (error) => String(error instanceof Error ? error.message : error).split('\n')[0].slice(0, 500);
process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? 0 : 1));
process.on('uncaughtException', (error) => {
  if (error && error.code === 'EPIPE') process.exit(0);
  try {
    process.stderr.write(`modpanel: unexpected error: ${firstLine(error)}\n`);
  } finally {
    process.exit(1);
  }
});

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist-cli', 'main.mjs');
const args = process.argv.slice(2);

/** Only help is answered without opening a panel. */
function needsDatabase(argv) {
  const positionals = argv.filter((arg) => !arg.startsWith('-'));
  return !(argv.includes('--help') || argv.includes('-h') || positionals.length === 0 || positionals[0] === 'help');
}

/** Missing, or older than one of the files it was built from (a clone before `npm install`, or cli/ edited). */
function bundleIsStale() {
  let builtAt;
  let inputs;
  try {
    builtAt = statSync(bundle).mtimeMs;
    inputs = JSON.parse(readFileSync(join(root, 'dist-cli', 'inputs.json'), 'utf8'));
  } catch {
    return true;
  }
  for (const input of inputs) {
    try {
      if (statSync(join(root, input)).mtimeMs > builtAt) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** Re-runs this command under `node`, passing signals on; the child exits if this process dies. */
function runUnder(node) {
  const child = spawn(node, [fileURLToPath(import.meta.url), ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, MODPANEL_PARENT_PID: String(process.pid) },
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  child.on('error', (error) => {
    console.error(`modpanel: could not start ${node}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // End the way the child ended, so whoever started us sees the same signal.
      for (const name of signals) process.off(name, forward);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

// Started by another modpanel under an older Node: the IPC channel closes when that parent exits, even when
// it is killed outright, so this process cannot outlive it. The channel itself keeps nothing alive. A signal
// rather than process.exit(), which would wait for a file read still blocked (a pipe nobody writes to).
if (process.env.MODPANEL_PARENT_PID && process.channel) {
  const orphaned = () => process.kill(process.pid, 'SIGTERM');
  process.channel.unref();
  process.on('disconnect', orphaned);
  // The parent may already have gone while this module was loading.
  if (!process.connected) orphaned();
}

const [major, minor] = process.versions.node.split('.').map(Number);
if ((major < 22 || (major === 22 && minor < 12)) && needsDatabase(args)) {
  const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(pinned)) {
    console.error(`modpanel needs Node.js 22.12 or newer (this is ${process.versions.node}). Run \`npm install\` in the project first.`);
    process.exit(1);
  }
  runUnder(pinned);
} else {
  if (bundleIsStale()) {
    try {
      const { buildCli } = await import('../scripts/build-cli.mjs');
      await buildCli({ quiet: true });
    } catch (error) {
      console.error(`modpanel: the command could not be built from cli/ (${error instanceof Error ? error.message : String(error)}).`);
      process.exit(1);
    }
  }
  const { main } = await import(pathToFileURL(bundle).href);
  process.exitCode = await main(args).catch((error) => {
    process.stderr.write(`modpanel: unexpected error: ${firstLine(error)}\n`);
    return 1;
  });
}
