// Last step of `npm run build`: replaces dist/cli.js (the package's bin) by a bundle of it, made
// from tsc's output in dist/ (CommonJS in dist/cli-main.cjs and dist/cli-chunks/, run by the new
// dist/cli.js with V8's code cache: scripts/cli-entry.mjs). A fresh Node process loading the ~60 modules of a one-shot
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
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, rmSync, statSync } from 'node:fs';
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
        // CommonJS (see output below): the file's own URL from __dirname.
        return `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(rel)})).href`;
      }),
      map: null,
    };
  },
};

// zod is loaded when a schema is first built, not at start. Every schema of the code is built on
// first use (lazySchema), and a cold `mynapin ask` of an unedited tree builds none: the build
// validated what it reads (the intent files, the facts, unconfigured settings). Compiling and
// running zod's 180 KB was ~6 ms of such an ask. `import { z } from 'zod'` in the bundle is this
// module instead: a stand-in whose every property is the real `z`'s, loaded (synchronously, so
// schemas still build where they did) from dist/zod-vendor.cjs, zod bundled alone as CommonJS.
const ZOD_STANDIN = '\0mynapin-zod-on-first-use';
const ZOD_VENDOR = 'zod-vendor.cjs';
const zodOnFirstUse = {
  name: 'mynapin-zod-on-first-use',
  resolveId(id) {
    return id === 'zod' ? ZOD_STANDIN : null;
  },
  load(id) {
    if (id !== ZOD_STANDIN) return null;
    return `import { createRequire } from 'node:module';
let loaded;
const real = () => (loaded ??= createRequire(new URL(${JSON.stringify(`./${ZOD_VENDOR}`)}, ${MARK}("cli.js")))(${JSON.stringify(`./${ZOD_VENDOR}`)}).z);
export const z = new Proxy({}, {
  get: (_target, key) => real()[key],
  has: (_target, key) => key in real(),
  ownKeys: () => Reflect.ownKeys(real()),
  getOwnPropertyDescriptor: (_target, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
});
`;
  },
};

// `import('node:…')` (left as such in CommonJS output) becomes a require: a function V8 restores from
// the code cache loses the script's dynamic-import callback in Node 20 (the import then throws
// ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), and the bundle's own files are require()d already.
// Any other dynamic import left in the output stops the build.
const requireBuiltins = {
  name: 'mynapin-require-builtins',
  renderChunk(code, chunk) {
    const out = code.replace(/\bimport\(("node:[a-z_/]+")\)/g, (_, id) => `Promise.resolve().then(() => require(${id}))`);
    const left = /\bimport\s*\(/.exec(out);
    if (left) throw new Error(`${chunk.fileName}: a dynamic import() is left in the CommonJS bundle (near "${out.slice(left.index, left.index + 60)}"): make it a static import or a require`);
    return out === code ? null : { code: out, map: null };
  },
};

const entry = join(dist, 'cli.js');
/** The bundle's entry (CommonJS, run by dist/cli.js) and its code cache (see scripts/cli-entry.mjs). */
const MAIN = 'cli-main.cjs';
const CODE_CACHE = 'cli-code-cache.bin';
// The input is tsc's dist/cli.js, which the bundle then overwrites: never bundle a bundle (its
// chunks are deleted below).
if (readFileSync(entry, 'utf8').includes(MAIN)) throw new Error('dist/cli.js is already the bundle\'s entry: run tsc -p tsconfig.build.json first');
rmSync(join(dist, chunks), { recursive: true, force: true });
rmSync(join(dist, CODE_CACHE), { force: true });

await build({
  input: entry,
  platform: 'node',
  external: (id) => {
    if (id.startsWith('node:') || id.startsWith('.') || id.startsWith('/') || id.startsWith('\0')) return id.startsWith('node:');
    return !BUNDLED.some((name) => id === name || id.startsWith(`${name}/`));
  },
  plugins: [zodOnFirstUse, moduleUrls, requireBuiltins],
  logLevel: 'warn',
  output: {
    dir: dist,
    // CommonJS, so that dist/cli.js can run it with V8's code cache (scripts/cli-entry.mjs): Node 20
    // keeps no code cache for ES modules. Packages are require()d (every one we use has a CommonJS
    // entry); `import('node:…')` stays a dynamic import.
    format: 'cjs',
    entryFileNames: MAIN,
    chunkFileNames: `${chunks}/[name]-[hash].cjs`,
    sourcemap: true,
  },
});

// zod alone, as one CommonJS file for the stand-in above: the members of `z` the code uses (every
// `z.name` in tsc's output), so unused parts of zod are left out as the bundle used to leave them.
{
  const { readdirSync } = await import('node:fs');
  const used = new Set();
  const scan = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== chunks) scan(path);
      } else if (entry.name.endsWith('.js') && path !== entry_) {
        for (const m of readFileSync(path, 'utf8').matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)) used.add(m[1]);
      }
    }
  };
  const entry_ = join(dist, 'cli.js'); // tsc's, bundled (and replaced by the entry below)
  scan(dist);
  const names = [...used].sort();
  const vendorEntry = '\0mynapin-zod-vendor';
  await build({
    input: vendorEntry,
    platform: 'node',
    logLevel: 'warn',
    plugins: [{
      name: 'mynapin-zod-vendor',
      resolveId: (id) => (id === vendorEntry ? id : null),
      load: (id) => (id === vendorEntry
        ? `import { z as all } from 'zod';\nexport const z = {\n${names.map((n) => `  ${JSON.stringify(n)}: all.${n},`).join('\n')}\n};\n`
        : null),
    }],
    output: { file: join(dist, ZOD_VENDOR), format: 'cjs', sourcemap: false },
  });
}

// dist/cli.js becomes the entry that runs the bundle with its code cache, and the cache is recorded
// by one `mynapin ask` (every function it calls, compiled, at its exit). A run that fails (a broken
// intent file, which the build leaves to the loader to report) leaves no cache: the CLI then
// compiles from the sources, as it would with a stale one.
{
  // The package's bin: executable whatever mode tsc left (a fresh build writes 0644, and `npx mynapin`
  // then fails with EACCES; an old dist/cli.js kept the mode npm once gave it, which hid that).
  const mode = statSync(entry).mode;
  copyFileSync(join(root, 'scripts/cli-entry.mjs'), entry);
  chmodSync(entry, mode | 0o111);
  const cacheFile = join(dist, CODE_CACHE);
  const env = { ...process.env, MYNAPIN_RECORD_CODE_CACHE: cacheFile };
  delete env.MYNAPIN_CODE_CACHE_REPORT;
  const run = spawnSync(process.execPath, [entry, 'ask', '暗証番号を忘れました'], { cwd: root, env, encoding: 'utf8' });
  if (run.status !== 0) {
    rmSync(cacheFile, { force: true });
    console.warn(`bundle-cli: no code cache (the recording ask failed: ${run.stderr.trim().split('\n')[0]})`);
  }
}
