// Bundles the `modpanel` command (cli/main.ts and everything it imports from db/ and shared/) with esbuild
// into dist-cli/main.mjs, so the command never transpiles TypeScript when it runs. `npm install` builds it
// (the `prepare` script); cli/modpanel.mjs rebuilds it when a source file is newer than the bundle.
// `node scripts/build-cli.mjs` or `npm run build:cli`.

import { build } from 'esbuild';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cliOutDir = join(root, 'dist-cli');
/** The bundle, and the list of source files it was built from (what cli/modpanel.mjs checks for staleness). */
export const CLI_BUNDLE = 'main.mjs';
export const CLI_INPUTS = 'inputs.json';

/**
 * exceljs is most of a megabyte and only exports and XLSX imports need it: parsing it on every start would
 * cost more than Node's own start-up. `import ExcelJS from 'exceljs'` becomes an object that loads the
 * package from node_modules the first time one of its members is read.
 */
function loadOnFirstUse(packageName) {
  const namespace = `on-first-use:${packageName}`;
  return {
    name: namespace,
    setup(plugin) {
      plugin.onResolve({ filter: new RegExp(`^${packageName}$`) }, () => ({ path: packageName, namespace }));
      plugin.onLoad({ filter: /.*/, namespace }, () => ({
        loader: 'js',
        contents: `import { createRequire } from 'node:module';
const requireFromBundle = createRequire(import.meta.url);
let loaded;
const load = () => (loaded ??= requireFromBundle(${JSON.stringify(packageName)}));
export default new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });`,
      }));
    },
  };
}

/** Writes beside the target, then renames: two commands rebuilding at once never see half a file. */
function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/** `outDir` defaults to dist-cli/; tests may build elsewhere inside the repo (so node_modules resolves). */
export async function buildCli({ quiet = false, outDir = cliOutDir } = {}) {
  const outfile = join(outDir, CLI_BUNDLE);
  const result = await build({
    entryPoints: [join(root, 'cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // `modpanel --help` runs on the system's Node (20 on these machines); everything else on the pinned 22.
    target: 'node20',
    sourcemap: 'linked',
    write: false,
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
    absWorkingDir: root,
    // The native driver is loaded from node_modules at run time (its .node binary cannot be bundled).
    external: ['better-sqlite3-multiple-ciphers'],
    plugins: [loadOnFirstUse('exceljs')],
    // Bundled CommonJS packages call require() for Node's own modules; an ES module has none of its own.
    banner: { js: "import { createRequire as __modpanelCreateRequire } from 'node:module';\nconst require = __modpanelCreateRequire(import.meta.url);" },
  });
  mkdirSync(outDir, { recursive: true });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  const inputs = Object.keys(result.metafile.inputs)
    .map((input) => resolve(root, input))
    .filter((path) => path.startsWith(root + sep) && !path.split(sep).includes('node_modules') && existsSync(path))
    .map((path) => relative(root, path));
  inputs.push(relative(root, fileURLToPath(import.meta.url)));
  writeAtomically(join(outDir, CLI_INPUTS), `${JSON.stringify(inputs, null, 1)}\n`);
  if (!quiet) console.log(`Built ${relative(root, outfile)} from ${inputs.length} source files`);
  return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildCli().catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
