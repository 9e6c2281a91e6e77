#!/usr/bin/env node
// dist/cli.js, the package's bin, written by scripts/bundle-cli.mjs from this file. It runs the
// CommonJS bundle of the CLI (dist/cli-main.cjs and the chunks of dist/cli-chunks/ it requires)
// through vm.Script with V8's code cache: dist/cli-code-cache.bin holds, per file, the bytecode of
// every function a recorded `mynapin ask` compiled (made by the build, see recordCodeCache in
// bundle-cli.mjs), so a cold start neither parses those 300 KB again nor compiles its functions
// one by one on first call. Node 20 has no code cache for ES modules (module.enableCompileCache is
// Node 22), hence the CommonJS bundle.
//
// Never stale: a file's cache is used only when the file's SHA-1 is the one recorded with it and
// the Node version is the recording's; V8 then checks its own version and flags, and compiles
// from the source (as without a cache) when either differs. A missing or unreadable cache file is
// the same as none. MYNAPIN_CODE_CACHE_REPORT=1 prints, per file, whether its cache was used.
import { createRequire } from 'node:module';

// Built-ins through require, not `import`: an ES import of node:fs reads every export of it, and
// one of them (ReadStream) loads the whole of node:stream, which `ask` never uses.
const require = createRequire(import.meta.url);
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, sep } = require('node:path');
const { Script } = require('node:vm');
const { createHash } = require('node:crypto');
const { fileURLToPath } = require('node:url');

const dist = dirname(fileURLToPath(import.meta.url));
const CACHE_FILE = join(dist, 'cli-code-cache.bin');
const recordTo = process.env.MYNAPIN_RECORD_CODE_CACHE;
const report = process.env.MYNAPIN_CODE_CACHE_REPORT === '1';

/** The cache file's entries (relative path → [sha1 of the source, cached data]); empty when none fits this Node. */
function readCodeCache() {
  try {
    const bytes = readFileSync(CACHE_FILE);
    const length = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.toString('utf8', 4, 4 + length));
    if (header.node !== process.version || header.arch !== process.arch) return new Map();
    const entries = new Map();
    let at = 4 + length;
    for (const [file, sha1, size] of header.files) {
      entries.set(file, [sha1, bytes.subarray(at, at + size)]);
      at += size;
    }
    return at === bytes.length ? entries : new Map();
  } catch {
    return new Map();
  }
}

const cached = recordTo ? new Map() : readCodeCache();
/** The bundle's modules by file, as CommonJS keeps them (a module required twice runs once). */
const modules = new Map();
/** Every script compiled here, for the recording. */
const compiled = [];

/** Runs one file of the bundle (what require() of it does), with its code cache when that fits. */
function load(file) {
  const known = modules.get(file);
  if (known) return known.exports;
  const module = { exports: {}, filename: file, loaded: false };
  modules.set(file, module);
  const bytes = readFileSync(file);
  // The file's bytes are hashed, not its text (which would be encoded again to be hashed).
  const sha1 = createHash('sha1').update(bytes).digest('base64');
  let source = bytes.toString('utf8');
  if (source.startsWith('#!')) source = `//${source.slice(2)}`; // same length: columns unchanged
  const name = relative(dist, file).split(sep).join('/');
  const entry = cached.get(name);
  const cachedData = entry && entry[0] === sha1 ? entry[1] : undefined;
  // Node's own wrapper (Module.wrap), so lines and columns are the file's.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, {
    filename: file,
    cachedData,
    // No dynamic-import callback: the bundle has no import() (bundle-cli.mjs turns them into requires).
  });
  if (report) process.stderr.write(`code cache ${name}: ${cachedData === undefined ? (entry ? 'stale' : 'none') : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  compiled.push({ name, sha1, script });
  const dir = dirname(file);
  const outside = createRequire(file);
  // The bundle's own files (`./cli-chunks/….cjs`) run here; packages and built-ins as usual.
  const requireHere = (id) => (id.endsWith('.cjs') && (id.startsWith('./') || id.startsWith('../')) && !id.endsWith('zod-vendor.cjs') ? load(join(dir, id)) : outside(id));
  requireHere.resolve = outside.resolve;
  requireHere.cache = outside.cache;
  script.runInThisContext()(module.exports, requireHere, module, file, dir);
  module.loaded = true;
  return module.exports;
}

if (recordTo) {
  // At exit every function the run called is compiled: the cache holds them all.
  process.on('exit', () => {
    const parts = compiled.map(({ name, sha1, script }) => ({ name, sha1, data: script.createCachedData() }));
    const header = Buffer.from(JSON.stringify({ node: process.version, arch: process.arch, files: parts.map((p) => [p.name, p.sha1, p.data.length]) }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length, 0);
    writeFileSync(recordTo, Buffer.concat([length, header, ...parts.map((p) => p.data)]));
  });
}

load(join(dist, 'cli-main.cjs'));
