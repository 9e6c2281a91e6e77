#!/usr/bin/env node
// dist/cli.js, the package's bin, written by scripts/bundle-cli.mjs from this file. It runs the
// CommonJS bundle of the CLI (dist/cli-main.cjs and the chunks of dist/cli-chunks/ it requires)
// through vm.Script with V8's code cache: dist/cli-code-cache.bin holds, per file, the bytecode of
// every function a recorded `mynapin ask` compiled (made at the end of the build), and the file's
// text as V8 holds it, so a cold start neither decodes, parses nor compiles those 390 KB again.
// Node 20 has no code cache for ES modules (module.enableCompileCache is Node 22), hence the
// CommonJS bundle.
//
// Never stale: a file's cache (bytecode and text) is used only when the file's SHA-1 is the one
// recorded with it and the Node version is the recording's; V8 then checks its own version and
// flags, and compiles from the source (as without a cache) when either differs. A missing or
// unreadable cache file is the same as none. MYNAPIN_CODE_CACHE_REPORT=1 prints, per file,
// whether its cache was used.
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

/**
 * The cache file's entries: relative path → [SHA-1 of the file, cached data, the source as
 * compiled in UTF-16]; empty when none fits this Node. The source is stored as V8 holds it (two
 * bytes a character: the bundle's Japanese strings make every file a two-byte string), so a file
 * whose SHA-1 matches is not decoded from UTF-8 (~15 M instructions for the 390 KB an ask loads).
 */
function readCodeCache() {
  try {
    const bytes = readFileSync(CACHE_FILE);
    const length = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.toString('utf8', 4, 4 + length));
    if (header.node !== process.version || header.arch !== process.arch) return new Map();
    const entries = new Map();
    let at = 4 + length;
    for (const [file, sha1, size, sourceSize] of header.files) {
      at += at & 1; // the UTF-16 text starts at an even offset
      const data = bytes.subarray(at, at + size);
      at += size;
      at += at & 1;
      entries.set(file, [sha1, data, bytes.subarray(at, at + sourceSize)]);
      at += sourceSize;
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
  const name = relative(dist, file).split(sep).join('/');
  const entry = cached.get(name);
  const fits = entry !== undefined && entry[0] === sha1;
  const cachedData = fits ? entry[1] : undefined;
  let source = fits ? entry[2].toString('utf16le') : bytes.toString('utf8');
  if (source.startsWith('#!')) source = `//${source.slice(2)}`; // same length: columns unchanged
  // Node's own wrapper (Module.wrap), so lines and columns are the file's.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, {
    filename: file,
    cachedData,
    // No dynamic-import callback: the bundle has no import() (bundle-cli.mjs turns them into requires).
  });
  if (report) process.stderr.write(`code cache ${name}: ${cachedData === undefined ? (entry ? 'stale' : 'none') : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  // Each file runs once, so its entry is let go: the entries are views of the one 1.4 MB buffer
  // of the cache file, freed once the last is (a `classify` run held it to its end, external
  // memory in its peak RSS). Nothing is kept of a script unless the run records the cache.
  cached.delete(name);
  if (recordTo) compiled.push({ name, sha1, script, source });
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
    const parts = compiled.map(({ name, sha1, script, source }) => ({ name, sha1, data: script.createCachedData(), text: Buffer.from(source, 'utf16le') }));
    const header = Buffer.from(JSON.stringify({ node: process.version, arch: process.arch, files: parts.map((p) => [p.name, p.sha1, p.data.length, p.text.length]) }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length, 0);
    const chunks = [length, header];
    let at = 4 + header.length;
    const pad = () => {
      if (at & 1) chunks.push(Buffer.alloc(1));
      at += at & 1;
    };
    for (const { data, text } of parts) {
      pad();
      chunks.push(data);
      at += data.length;
      pad();
      chunks.push(text);
      at += text.length;
    }
    writeFileSync(recordTo, Buffer.concat(chunks));
  });
}

load(join(dist, 'cli-main.cjs'));
