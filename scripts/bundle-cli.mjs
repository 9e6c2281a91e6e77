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
  plugins: [zodOnFirstUse, moduleUrls],
  logLevel: 'warn',
  output: {
    dir: dist,
    format: 'esm',
    entryFileNames: 'cli.js',
    chunkFileNames: `${chunks}/[name]-[hash].js`,
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
  const entry_ = join(dist, 'cli.js'); // now the bundle: the stand-in's own source
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
