// Last step of `npm run build`: replaces dist/cli.js (the package's bin) by a bundle of it, made
// from tsc's output in dist/. A fresh Node process loading the ~60 modules of a one-shot
// `mynapin ask` and the ~95 files of zod one by one spent more time resolving, reading and
// compiling them than answering (an ESM module costs ~0.5 ms however small). In one file they
// cost a fraction of that. Commands and code loaded only when used (serve, report, review,
// line, the Slack / LINE adapters, …) become chunks of their own in dist/cli-chunks/, loaded
// as before by their dynamic import(). The rest of dist/ stays as tsc wrote it (tests, scripts
// and benchmarks import those modules).
//
// Bundled: our code, zod (pure ES modules) and dotenv (one small CommonJS file: imported from an
// ES module, Node parses it for its exports first). Every other package stays an import of
// node_modules: they find files next to themselves (better-sqlite3's binary, pino's workers,
// the SDKs' data), which a bundle would break.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const chunks = 'cli-chunks';
const BUNDLED = ['zod', 'dotenv'];

// Each module keeps its own import.meta.url: the files it finds next to itself
// (`new URL('../intents-snapshot.json', import.meta.url)`, `../../intents/`, createRequire)
// are found from where tsc put it, whichever chunk it is bundled into.
const MARK = '__mynapinModuleUrl';
const moduleUrls = {
  name: 'mynapin-module-urls',
  transform(code, id) {
    if (!id.startsWith(dist + sep) || !code.includes('import.meta.url')) return null;
    const path = relative(dist, id).split(sep).join('/');
    return { code: code.replaceAll('import.meta.url', `${MARK}(${JSON.stringify(path)})`), map: null };
  },
  renderChunk(code, chunk) {
    if (!code.includes(MARK)) return null;
    const from = dirname(join(dist, chunk.fileName));
    return {
      code: code.replace(new RegExp(`${MARK}\\("([^"]+)"\\)`, 'g'), (_, path) => {
        let rel = relative(from, join(dist, path)).split(sep).join('/');
        if (!rel.startsWith('.')) rel = `./${rel}`;
        return `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
      }),
      map: null,
    };
  },
};

const entry = join(dist, 'cli.js');
// The input is tsc's dist/cli.js, which the bundle then overwrites: never bundle a bundle (its
// chunks are deleted below).
if (readFileSync(entry, 'utf8').includes(`${chunks}/`)) throw new Error('dist/cli.js is already a bundle: run tsc -p tsconfig.build.json first');
rmSync(join(dist, chunks), { recursive: true, force: true });

await build({
  input: entry,
  platform: 'node',
  external: (id) => {
    if (id.startsWith('node:') || id.startsWith('.') || id.startsWith('/') || id.startsWith('\0')) return id.startsWith('node:');
    return !BUNDLED.some((name) => id === name || id.startsWith(`${name}/`));
  },
  plugins: [moduleUrls],
  logLevel: 'warn',
  output: {
    dir: dist,
    format: 'esm',
    entryFileNames: 'cli.js',
    chunkFileNames: `${chunks}/[name]-[hash].js`,
    sourcemap: true,
  },
});
