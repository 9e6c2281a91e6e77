import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LiteralAutomaton } from './pattern-scan.js';

// ---- The lexicon's single pass, stored by `npm run build` ----------------------------------------
//
// A cold `mynapin ask` analysed the 2,100 patterns of the lexicon and the key terms' atoms, gathered
// their literal factors (15,000), hashed them to find the stored automaton, and summarised its
// 13,000 states, before its one scan. All of that is a function of the patterns' sources (and of
// the code, which the build ships with it): the build stores the result, keyed by a hash of the
// sources, and the first scan reads it instead. A lexicon or key term edited since (a hot reload,
// reviewed phrases that bring no new term change nothing here) has another key: built as before.

/** Bumped when what the scan's tables mean changes in a way the sources cannot show. */
const SCAN_VERSION = 2; // 2: the automaton's edges as a double array
/**
 * The stored scans, one a file: the build stores the Japanese lexicon's, then that of each
 * language with words of its own (intents/locales/<lang>/_nlu.yaml: English), whose lexicon is
 * compiled on the language's first message (it was 60 ms of the 120 ms that took).
 */
const scanUrl = (k: number): URL => new URL(k === 0 ? '../lexicon-scan.bin' : `../lexicon-scan-${k}.bin`, import.meta.url);
/** How many stored scans a start looks for at most (those the build made: see the build script). */
const MAX_STORED_SCANS = 4;

/** Per automaton state, its outputs summarised (see compileScan's summarise in lexicon.ts). */
export interface ScanSummary {
  bits: Uint32Array;
  watched: Uint32Array;
  watchedWords: number;
  candStart: Int32Array;
  cands: Int32Array;
}

/** What the first scan needs: the analysis of every pattern, the automaton, its summary. */
export interface ScanState {
  /** Per pattern with literal factors (p ≥ 0 in the automaton's outputs): its concept. */
  patternConcept: number[];
  /** …whether its factors are the whole pattern (no regex to run). */
  patternLiteral: boolean[];
  /** …its source when it is not literal (its regex runs when a factor occurs). */
  regexSources: (string | undefined)[];
  /** The concepts one of whose patterns matches every text. */
  always: number[];
  /** Per concept, the alternation of its patterns without factors (run on every text), if any. */
  residualSources: (string | undefined)[];
  automaton: LiteralAutomaton;
  summary?: ScanSummary;
}

/** The key of a scan's inputs: the concepts' sources and the watched sources, in order. */
export function scanKey(sourcesOf: readonly (readonly string[])[], watched: readonly string[]): string {
  return createHash('sha1').update(JSON.stringify([SCAN_VERSION, sourcesOf, watched])).digest('base64');
}

let recording = false;
/** The scans built since recordScans, in order. */
let built: { key: string; state: ScanState; watched: [string, boolean | null][] }[] = [];

/** For the build: never read the stored scans (they may be stale), keep every one built. */
export function recordScans(): void {
  recording = true;
  built = [];
}

/** Called with every scan built (not read), with its watched sources: the build stores them. */
export function noteScan(key: string, state: ScanState, watched: [string, boolean | null][]): void {
  if (recording) built.push({ key, state, watched });
}

interface Header {
  key: string;
  /**
   * The sources Lexicon.watch was asked about and its answer: whether the pattern is a literal,
   * or null when it has no literal factors (so it is not watched).
   */
  watched: [string, boolean | null][];
  always: number[];
  regexSources: (string | null)[];
  residualSources: (string | null)[];
  watchedWords: number;
}

interface StoredFile {
  bytes: Buffer;
  header: Header;
  headerLength: number;
  watched: Map<string, boolean | null>;
}

/** The stored scans read so far, by number (null: missing or unreadable). */
const files: (StoredFile | null)[] = [];

/** Stored scan `k`, read on first use; null when there is none (not built, tests run from src/) or it is unreadable. */
function storedFile(k: number): StoredFile | null {
  if (k >= files.length) {
    let file: StoredFile | null;
    try {
      let bytes = readFileSync(scanUrl(k));
      if (bytes.byteOffset % 4 !== 0) bytes = Buffer.from(bytes); // Int32Array views need alignment
      const headerLength = bytes.readUInt32LE(0);
      const header = JSON.parse(bytes.toString('utf8', 4, 4 + headerLength)) as Header;
      file = { bytes, header, headerLength, watched: new Map(header.watched) };
    } catch {
      file = null; // not built (tests run from src/), or unreadable: build it
    }
    files[k] = file;
  }
  return files[k]!;
}

/**
 * What the build's analysis of this source (as a watched key-term atom) gave: whether it is a
 * literal, null when it has no literal factors, undefined when the build was not asked about it.
 * Saves reading every pattern's facts (see analysePattern); a pure function of the source, so any
 * stored scan's answer is right (the next one is read only for a source the earlier ones lack).
 */
export function storedWatch(source: string): boolean | null | undefined {
  if (recording) return undefined;
  for (let k = 0; k < MAX_STORED_SCANS; k++) {
    const stored = storedFile(k);
    if (!stored) return undefined;
    const known = stored.watched.get(source);
    if (known !== undefined) return known;
  }
  return undefined;
}

/** The stored scan for this key, or undefined (none stored, another key, unreadable). */
export function storedScan(key: string): ScanState | undefined {
  if (recording) return undefined;
  for (let k = 0; k < MAX_STORED_SCANS; k++) {
    const stored = storedFile(k);
    if (!stored) return undefined;
    if (stored.header.key === key) return scanOf(stored);
  }
  return undefined;
}

function scanOf(stored: StoredFile): ScanState | undefined {
  try {
    const { bytes, header, headerLength } = stored;
    const sections: { at: number; length: number }[] = [];
    let at = (4 + headerLength + 3) & ~3;
    while (at < bytes.length) {
      const length = bytes.readInt32LE(at);
      sections.push({ at: at + 4, length });
      at += 4 + 4 * length;
    }
    // 15 sections: the automaton with its scan tables (see LiteralAutomaton.tables); 13: without.
    if (at !== bytes.length || (sections.length !== 13 && sections.length !== 15)) return undefined;
    const int32 = (k: number): Int32Array => new Int32Array(bytes.buffer, bytes.byteOffset + sections[k]!.at, sections[k]!.length);
    const uint32 = (k: number): Uint32Array => new Uint32Array(bytes.buffer, bytes.byteOffset + sections[k]!.at, sections[k]!.length);
    const literal = int32(1);
    return {
      patternConcept: Array.from(int32(0)),
      patternLiteral: Array.from(literal, (x) => x === 1),
      regexSources: header.regexSources.map((s) => s ?? undefined),
      always: header.always,
      residualSources: header.residualSources.map((s) => s ?? undefined),
      summary: { bits: uint32(2), watched: uint32(3), watchedWords: header.watchedWords, candStart: int32(4), cands: int32(5) },
      automaton: new LiteralAutomaton([], [], sections.slice(6).map((_, k) => int32(6 + k))),
    };
  } catch {
    return undefined; // not built (tests run from src/), or unreadable: build it
  }
}

/** For the build: the bytes of the scan built last (with its key), to store. */
export function lastScanBytes(): Buffer | undefined {
  const last = built.at(-1);
  return last ? scanBytes(last) : undefined;
}

/**
 * For the build: the bytes of every scan built since recordScans, in order, to store as
 * lexicon-scan.bin, lexicon-scan-1.bin, … (undefined for one that cannot be stored).
 */
export function recordedScanBytes(): (Buffer | undefined)[] {
  return built.map(scanBytes);
}

function scanBytes({ key, state, watched }: (typeof built)[number]): Buffer | undefined {
  if (!state.summary) return undefined;
  const summary = state.summary!;
  const header: Header = {
    key,
    watched,
    always: state.always,
    regexSources: state.regexSources.map((s) => s ?? null),
    residualSources: state.residualSources.map((s) => s ?? null),
    watchedWords: summary.watchedWords,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const arrays: ArrayLike<number>[] = [
    Int32Array.from(state.patternConcept),
    Int32Array.from(state.patternLiteral, (x) => (x ? 1 : 0)),
    new Int32Array(summary.bits.buffer, summary.bits.byteOffset, summary.bits.length),
    new Int32Array(summary.watched.buffer, summary.watched.byteOffset, summary.watched.length),
    summary.candStart,
    summary.cands,
    ...state.automaton.tables(),
  ];
  const headerWords = (4 + json.length + 3) >> 2;
  const all = new Int32Array(headerWords + arrays.reduce((a, t) => a + 1 + t.length, 0));
  const out = Buffer.from(all.buffer);
  out.writeUInt32LE(json.length, 0);
  out.set(json, 4);
  let at = headerWords;
  for (const t of arrays) {
    all[at] = t.length;
    all.set(t, at + 1);
    at += 1 + t.length;
  }
  return out;
}
