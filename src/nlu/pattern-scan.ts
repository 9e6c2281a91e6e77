/**
 * One pass over a text instead of hundreds of regular expressions.
 *
 * Most lexicon patterns are literals (「暗証番号」) or small alternations of literals; nearly all the
 * others contain a literal that every match must contain (「(?<!被)後見人」 needs 「後見人」). So each
 * pattern is analysed once, at load time, into its *required factors* — a few strings one of which
 * occurs in every text the pattern matches — and all factors go into one Aho–Corasick automaton. A
 * text is scanned once; a pattern whose factor did not occur cannot match and is never run; a pattern
 * that is exactly a finite set of literals is matched by the scan alone; only the rest run their
 * regular expression. The answer is the same as running every pattern (tests hold both against each
 * other on every labelled line).
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readBuildTable } from '../build-table.js';
import { unitAt } from './code-units.js';

/** What the analysis found out about one regular expression. */
export interface PatternFacts {
  /**
   * Strings one of which occurs in every text the pattern matches, or null when no such set was
   * found (the pattern then always has to run).
   */
  factors: readonly string[] | null;
  /**
   * True when the pattern matches a text exactly when one of `factors` occurs in it (a finite set
   * of literals without assertions): the scan alone decides it.
   */
  literal: boolean;
  /** True when the pattern matches every text (e.g. `(?:x)?`). */
  always: boolean;
}

// Bounds keep the analysis cheap and the factor sets small; above them a set is "unknown".
// MAX_FACTORS 128, not 64: GREETING's and GREETING_START's alternations of 80-odd greetings were
// the lexicon's only patterns without factors, so both regexes ran on every text the scan read (the
// message, its last clause, each sentence of a story: 2.8 runs a message). With their greetings
// as factors they run only where one occurs. No other pattern's facts change (the build's
// pattern-facts.json differs in those two entries alone).
const MAX_EXACT = 48;
const MAX_FACTORS = 128;

interface Node {
  /** Every string the node can match, when finite and small; null otherwise. */
  exact: Set<string> | null;
  /** Strings one of which every match of the node contains; null when none is known. */
  req: Set<string> | null;
  /** No assertion (anchor, \b, lookaround) anywhere inside. */
  pure: boolean;
}

class Unsupported extends Error {}

const ZERO_WIDTH = (): Node => ({ exact: new Set(['']), req: null, pure: false });
const UNKNOWN = (): Node => ({ exact: null, req: null, pure: true });
const char = (c: string): Node => ({ exact: new Set([c]), req: new Set([c]), pure: true });

function minLength(set: ReadonlySet<string>): number {
  let min = Infinity;
  for (const s of set) if (s.length < min) min = s.length;
  return min;
}

/**
 * How often a factor is expected to occur in a message (see {@link rankFactorsBy}), or undefined:
 * the shape of the sets decides alone.
 */
let factorCost: ((factor: string) => number) | undefined;

/**
 * Makes the analysis prefer, among the required sets a pattern has, the one whose factors are
 * rarest by `cost` (a factor's share of messages that contain it), before the rules of shape. Any
 * required set is right (a pattern without one of its factors cannot match); a rare one is
 * cheaper: the scan runs a pattern's regex on every message holding one of its factors, and
 * 「(?:番号|暗証).{0,12}(?:危な|危険|まずい)」 ran on three messages in ten for 番号 and 暗証 instead of
 * rarely for 危な 危険 まずい. `npm run build` ranks by the labelled messages before it analyses
 * anything (so its stored facts, automaton and scan agree); undefined turns it off.
 */
export function rankFactorsBy(cost: ((factor: string) => number) | undefined): void {
  factorCost = cost;
}

function setCost(set: ReadonlySet<string>): number {
  let sum = 0;
  for (const s of set) sum += factorCost!(s);
  return sum;
}

/**
 * The better of two required sets: the rarer by {@link rankFactorsBy} when it ranks them, then
 * the longer shortest member, then fewer members.
 */
function better(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (!b || minLength(b) === 0) return a;
  if (!a || minLength(a) === 0) return b;
  if (factorCost) {
    const ca = setCost(a);
    const cb = setCost(b);
    if (ca !== cb) return cb < ca ? b : a;
  }
  const la = minLength(a);
  const lb = minLength(b);
  if (lb !== la) return lb > la ? b : a;
  return b.size < a.size ? b : a;
}

function product(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> | null {
  if (a.size * b.size > MAX_EXACT) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

/** A small recursive-descent reader of JavaScript regular expressions (u flag), computing Nodes. */
class Analyser {
  private i = 0;
  constructor(private readonly src: string) {}

  run(): Node {
    const node = this.disjunction();
    if (this.i < this.src.length) throw new Unsupported(`unexpected ${this.src[this.i]}`);
    return node;
  }

  private peek(): string | undefined {
    return this.src[this.i];
  }

  private disjunction(): Node {
    const alternatives = [this.alternative()];
    while (this.peek() === '|') {
      this.i++;
      alternatives.push(this.alternative());
    }
    if (alternatives.length === 1) return alternatives[0]!;
    let exact: Set<string> | null = new Set();
    let req: Set<string> | null = new Set();
    let pure = true;
    for (const a of alternatives) {
      pure &&= a.pure;
      if (exact && a.exact && exact.size + a.exact.size <= MAX_EXACT) for (const s of a.exact) exact.add(s);
      else exact = null;
      const r = better(a.req, a.exact);
      if (req && r && minLength(r) > 0 && req.size + r.size <= MAX_FACTORS) for (const s of r) req.add(s);
      else req = null;
    }
    return { exact, req, pure };
  }

  private alternative(): Node {
    let exact: Set<string> | null = new Set(['']);
    let req: Set<string> | null = null;
    let pure = true;
    // `run` is the product of the latest consecutive exact terms: a candidate required set.
    let run: Set<string> | null = new Set(['']);
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const term = this.term();
      pure &&= term.pure;
      exact = exact && term.exact ? product(exact, term.exact) : null;
      req = better(req, term.req);
      if (term.exact) {
        const next: Set<string> | null = run ? product(run, term.exact) : null;
        if (next) run = next;
        else {
          req = better(req, run);
          run = new Set(term.exact);
        }
      } else {
        req = better(req, run);
        run = new Set(['']);
      }
    }
    req = better(req, run);
    return { exact, req: better(req, exact), pure };
  }

  private term(): Node {
    const atom = this.atom();
    return this.quantified(atom);
  }

  private quantified(atom: Node): Node {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom; // a literal brace (not valid with the u flag anyway)
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.peek() === '?') this.i++; // lazy: the same texts match
    let exact: Set<string> | null = null;
    if (atom.exact && max !== Infinity && max <= 4) {
      // x? x{2} x{0,2}: enumerate the repeats.
      let all: Set<string> | null = min === 0 ? new Set(['']) : new Set();
      let power: Set<string> | null = new Set(['']);
      for (let k = 1; k <= max && all; k++) {
        power = power ? product(power, atom.exact) : null;
        if (!power) all = null;
        else if (k >= min) {
          for (const s of power) all!.add(s);
          if (all!.size > MAX_EXACT) all = null;
        }
      }
      exact = all;
    }
    let req = min >= 1 ? better(atom.req, atom.exact) : null;
    if (min >= 2 && atom.exact) {
      // x{2,}: every match holds two of the atom's strings in a row (「っっ」, not just 「っ」).
      let power: Set<string> | null = new Set(['']);
      for (let k = 0; k < min && power; k++) power = product(power, atom.exact);
      req = better(req, power);
    }
    return { exact, req, pure: atom.pure };
  }

  private atom(): Node {
    const c = this.src[this.i++]!;
    switch (c) {
      case '^':
      case '$':
        return ZERO_WIDTH();
      case '.':
        return UNKNOWN();
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return this.escape(false) ?? ZERO_WIDTH();
      case '*':
      case '+':
      case '?':
      case ')':
      case ']':
      case '{':
      case '}':
      case '|':
        throw new Unsupported(`unexpected ${c}`);
      default: {
        const code = c.charCodeAt(0);
        if (code >= 0xd800 && code <= 0xdbff && this.i < this.src.length) return char(c + this.src[this.i++]);
        return char(c);
      }
    }
  }

  private group(): Node {
    let lookaround = false;
    if (this.src.startsWith('?:', this.i)) this.i += 2;
    else if (this.src.startsWith('?=', this.i) || this.src.startsWith('?!', this.i)) {
      this.i += 2;
      lookaround = true;
    } else if (this.src.startsWith('?<=', this.i) || this.src.startsWith('?<!', this.i)) {
      this.i += 3;
      lookaround = true;
    } else if (this.src.startsWith('?<', this.i)) {
      const end = this.src.indexOf('>', this.i);
      if (end < 0) throw new Unsupported('group name');
      this.i = end + 1;
    } else if (this.peek() === '?') throw new Unsupported('group modifier');
    const inner = this.disjunction();
    if (this.src[this.i++] !== ')') throw new Unsupported('unclosed group');
    return lookaround ? ZERO_WIDTH() : inner;
  }

  /** An escape after `\`; null for an assertion (\b, \B). Inside a class, \b is a backspace. */
  private escape(inClass: boolean): Node | null {
    const c = this.src[this.i++];
    if (c === undefined) throw new Unsupported('trailing backslash');
    if (c === 'b') return inClass ? char('\b') : null;
    if (c === 'B') return null;
    if (c === 'd') return { exact: new Set('0123456789'), req: new Set('0123456789'), pure: true };
    if ('DwWsSpP'.includes(c)) {
      if ((c === 'p' || c === 'P') && this.peek() === '{') this.i = this.src.indexOf('}', this.i) + 1;
      return UNKNOWN();
    }
    if (/[1-9]/.test(c) || c === 'k') throw new Unsupported('backreference');
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', v: '\v', f: '\f', '0': '\0' };
    if (simple[c] !== undefined) return char(simple[c]!);
    if (c === 'x') {
      const hex = this.src.slice(this.i, this.i + 2);
      this.i += 2;
      return char(String.fromCharCode(parseInt(hex, 16)));
    }
    if (c === 'u') {
      if (this.peek() === '{') {
        const end = this.src.indexOf('}', this.i);
        const cp = parseInt(this.src.slice(this.i + 1, end), 16);
        this.i = end + 1;
        return char(String.fromCodePoint(cp));
      }
      const hex = this.src.slice(this.i, this.i + 4);
      this.i += 4;
      return char(String.fromCharCode(parseInt(hex, 16)));
    }
    if (c === 'c') throw new Unsupported('control escape');
    return char(c); // an escaped syntax character: \? \. \( \- \/
  }

  private charClass(): Node {
    const negated = this.peek() === '^';
    if (negated) this.i++;
    const chars = new Set<string>();
    let known = !negated;
    let prev: string | null = null;
    while (this.i < this.src.length && this.peek() !== ']') {
      let c: string;
      if (this.peek() === '\\') {
        this.i++;
        const node = this.escape(true)!;
        if (!node.exact || node.exact.size !== 1) {
          known = false;
          prev = null;
          continue;
        }
        c = [...node.exact][0]!;
      } else {
        c = String.fromCodePoint(this.src.codePointAt(this.i)!);
        this.i += c.length;
      }
      if (c === '-' && prev !== null && this.peek() !== ']' && this.peek() !== undefined) {
        // a range prev-next
        let next: string;
        if (this.peek() === '\\') {
          this.i++;
          const node = this.escape(true)!;
          if (!node.exact || node.exact.size !== 1) {
            known = false;
            prev = null;
            continue;
          }
          next = [...node.exact][0]!;
        } else {
          next = String.fromCodePoint(this.src.codePointAt(this.i)!);
          this.i += next.length;
        }
        const from = prev.codePointAt(0)!;
        const to = next.codePointAt(0)!;
        if (to - from > MAX_EXACT) known = false;
        else for (let cp = from + 1; cp <= to; cp++) chars.add(String.fromCodePoint(cp));
        prev = null;
        continue;
      }
      chars.add(c);
      prev = c;
    }
    if (this.src[this.i++] !== ']') throw new Unsupported('unclosed class');
    if (!known || chars.size === 0 || chars.size > MAX_EXACT) return UNKNOWN();
    return { exact: chars, req: new Set(chars), pure: true };
  }
}

// `npm run build` stores the facts of every pattern of intents/ (scripts/snapshot-intents.mjs): the
// analysis is a pure function of the source, and skipping it saves a fifth of a cold start. A
// pattern staff added since is analysed here as usual. The spelling fixes' facts, which the first
// normalise() reads, are also stored on their own (a few hundred bytes): once the lexicon's scan is
// read from its snapshot (lexicon-scan.ts) a cold start needs no other, and the full file is read
// only when a pattern is analysed.
const CORE_FACTS_URL = new URL('../pattern-facts-core.json', import.meta.url);
const FACTS_URL = new URL('../pattern-facts.json', import.meta.url);
let core: Record<string, PatternFacts> | null | undefined;
let built: Record<string, PatternFacts> | null | undefined;


/**
 * Analyses a regular expression source (as compiled with the `u` flag, no other flag). Never
 * wrong, sometimes unhelpful: for syntax it does not follow it returns "no factors" and the pattern
 * simply always runs.
 */
export function analysePattern(source: string): PatternFacts {
  if (core === undefined) core = readBuildTable<PatternFacts>(CORE_FACTS_URL);
  if (core && Object.hasOwn(core, source)) return core[source]!;
  if (built === undefined) built = readBuildTable<PatternFacts>(FACTS_URL);
  return (built && Object.hasOwn(built, source) ? built[source] : undefined) ?? analyse(source);
}

/** The analysis itself (what the build stores). */
export function analyse(source: string): PatternFacts {
  let node: Node;
  try {
    node = new Analyser(source).run();
  } catch {
    return { factors: null, literal: false, always: false };
  }
  if (node.pure && node.exact) {
    if (node.exact.has('')) return { factors: null, literal: false, always: true };
    return { factors: [...node.exact], literal: true, always: false };
  }
  const req = better(node.req, null);
  return { factors: req && minLength(req) > 0 ? [...req] : null, literal: false, always: false };
}

/**
 * An Aho–Corasick automaton over UTF-16 code units. `scan` reports, once per occurrence, every
 * output attached to a word found in the text.
 */
export class LiteralAutomaton {
  /** Code unit → alphabet index (0: the unit occurs in no word, so every match restarts). */
  private readonly alphabet = new Uint16Array(65536);
  private readonly fail: Int32Array;
  /** Outputs of state s (its own and those of its suffixes): outputs[outStart[s] … outStart[s+1]). */
  private readonly outStart: Int32Array;
  private readonly outputs: Int32Array;
  private readonly letters: number;

  /** `words[i]` triggers the outputs `outputsOf[i]` (e.g. the patterns it is a factor of). */
  constructor(words: readonly string[], outputsOf: readonly (readonly number[])[], stored?: Int32Array[]) {
    if (stored) {
      // Tables stored by the build (see storedAutomaton): the same automaton, without building it.
      // Nine tables: with the scan's own (steps, fails), which a cold start then does not derive
      // again (walkTables was ~5 ms of a cold `mynapin ask`); seven: derived here. The build stores
      // them packed when they fit, an older build wide: told apart by their lengths.
      if (stored.length !== 7 && stored.length !== 9) throw new Error('stored automaton tables of another layout');
      const [head, units, fail, outStart, outputs, base, cells, steps, fails] = stored as [Int32Array, ...Int32Array[]];
      this.letters = head[0]!;
      for (let i = 0; i < units!.length; i++) this.alphabet[units![i]!] = i + 1;
      this.fail = fail!;
      this.outStart = outStart!;
      this.outputs = outputs!;
      this.base = base!;
      this.cells = cells!;
      if (steps && fails && steps.length === cells!.length && fails.length === fail!.length) [this.packed, this.steps, this.fails] = [true, steps, fails];
      else if (steps && fails && steps.length === 2 * cells!.length && fails.length === 2 * fail!.length) [this.packed, this.steps, this.fails] = walkLayout([steps, fails]);
      else [this.packed, this.steps, this.fails] = walkLayout(walkTables(this.base, this.cells, this.fail, this.outStart));
      return;
    }
    let letters = 1;
    for (const w of words) for (let k = 0; k < w.length; k++) {
      const u = w.charCodeAt(k);
      if (this.alphabet[u] === 0) this.alphabet[u] = letters++;
    }
    this.letters = letters;
    const own: number[][] = [[]];
    /** The states an edge leads to from each state, and the letter of the one edge into each. */
    const children: number[][] = [[]];
    const letterInto: number[] = [0];
    /** (state * letters + letter) → next state: the trie's edges while it is built. */
    const edges = new Map<number, number>();
    words.forEach((w, index) => {
      if (w.length === 0) return;
      let s = 0;
      for (let k = 0; k < w.length; k++) {
        const letter = this.alphabet[w.charCodeAt(k)]!;
        const key = s * letters + letter;
        let t = edges.get(key);
        if (t === undefined) {
          t = own.length;
          own.push([]);
          children.push([]);
          letterInto.push(letter);
          edges.set(key, t);
          children[s]!.push(t);
        }
        s = t;
      }
      own[s]!.push(...outputsOf[index]!);
    });
    const states = own.length;
    [this.base, this.cells] = doubleArray(states, letters, children, letterInto);
    const { base, cells } = this;
    /** The trie's edge (state, letter), or −1. */
    const step = (state: number, letter: number): number => {
      const cell = base[state]! + letter;
      return cells[2 * cell] === state ? cells[2 * cell + 1]! : -1;
    };
    this.fail = new Int32Array(states);
    const merged: number[][] = new Array(states);
    merged[0] = own[0]!;
    // Breadth first: a state's failure target is shallower, so its merged outputs are ready.
    const queue: number[] = [];
    for (const t of children[0]!) queue.push(t);
    for (const t of queue) merged[t] = own[t]!;
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      for (const t of children[s]!) {
        const letter = letterInto[t]!;
        let f = this.fail[s]!;
        let next = s === 0 ? -1 : step(f, letter);
        while (next === -1 && f !== 0) {
          f = this.fail[f]!;
          next = step(f, letter);
        }
        this.fail[t] = next !== -1 && next !== t ? next : 0;
        const fromFail = merged[this.fail[t]!]!;
        merged[t] = fromFail.length === 0 ? own[t]! : [...new Set([...own[t]!, ...fromFail])];
        queue.push(t);
      }
    }
    this.outStart = new Int32Array(states + 1);
    let total = 0;
    for (let s = 0; s < states; s++) {
      this.outStart[s] = total;
      total += merged[s]!.length;
    }
    this.outStart[states] = total;
    this.outputs = new Int32Array(total);
    for (let s = 0; s < states; s++) this.outputs.set(merged[s]!, this.outStart[s]!);
    [this.packed, this.steps, this.fails] = walkLayout(walkTables(this.base, this.cells, this.fail, this.outStart));
  }

  /**
   * The trie's edges as a double array, what the scan reads: the edge (s, letter) is the cell
   * `base[s] + letter` when that cell's owner is s, `cells[2 * cell] === s`, and leads to
   * `cells[2 * cell + 1]`. One read of a pair of numbers per step: a Map lookup per character was
   * a third of the scan, and a hashed table of typed arrays (a key and a target in two arrays of
   * 128 KB, hashed and probed) 2–3% of a match more than this.
   */
  private readonly base: Int32Array;
  private readonly cells: Int32Array;
  /**
   * What {@link LiteralAutomaton.collectStates} walks: `cells` again, four numbers a cell — owner,
   * target, the target's base and whether the target has outputs (1 or 0) — and per state its
   * failure target and that target's base (see walkTables). The same automaton; it only keeps
   * together what one step reads (see collectStates).
   */
  private readonly steps: Int32Array;
  private readonly fails: Int32Array;
  /**
   * Whether `steps` and `fails` are packed into half the bytes (see packedWalkTables), as they are
   * unless the automaton is too large for it. In a match the scan's tables compete for the cache
   * with normalise's, the classifier's and the phrase index's: the read of a step's cell, missed,
   * was a third of the scan (--cpu-prof line ticks, 2026-12-07); at 8 bytes a cell twice as many fit.
   */
  private readonly packed: boolean;

  private found = new Int32Array(256);

  /**
   * The outputs of every word occurrence in `text` (an output repeats when its words occur more
   * than once). Returns a shared buffer and the count: read it before the next call.
   */
  collect(text: string): { outputs: Int32Array; count: number } {
    // The walk is collectStates'; this only spells each reached state out into its outputs.
    const { states, count: reachedCount } = this.collectStates(text);
    const { outStart, outputs } = this;
    let found = this.found;
    let count = 0;
    for (let r = 0; r < reachedCount; r++) {
      const state = states[r]!;
      const end = outStart[state + 1]!;
      for (let o = outStart[state]!; o < end; o++) {
        if (count === found.length) this.found = found = grownTo(found, found.length * 2);
        found[count++] = outputs[o]!;
      }
    }
    this.result.outputs = found;
    this.result.count = count;
    return this.result;
  }

  private readonly result = { outputs: this.found, count: 0 };

  /** The tables {@link LiteralAutomaton} can be made from again (what the build stores). */
  tables(): Int32Array[] {
    const units = new Int32Array(this.letters - 1);
    for (let u = 0; u < 65536; u++) if (this.alphabet[u] !== 0) units[this.alphabet[u]! - 1] = u;
    return [Int32Array.of(this.letters), units, this.fail, this.outStart, this.outputs, this.base, this.cells, this.steps, this.fails];
  }

  /** How many states the automaton has (ids 0 … stateCount − 1). */
  get stateCount(): number {
    return this.fail.length;
  }

  /** The outputs of a state: its own words' and its suffixes'. */
  outputsOf(state: number): Int32Array {
    return this.outputs.subarray(this.outStart[state]!, this.outStart[state + 1]!);
  }

  /**
   * Every state's outputs at once, for callers that read them all (Lexicon's summary of 12,000
   * states): the outputs of state s are outputs[outStart[s] … outStart[s+1]). Not to be written.
   */
  outputTable(): { outStart: Int32Array; outputs: Int32Array } {
    return { outStart: this.outStart, outputs: this.outputs };
  }

  private reached = new Int32Array(256);
  private readonly reachedResult = { states: this.reached, count: 0 };

  /**
   * The states with outputs the scan of `text` passes through, in order (a state repeats when
   * reached again): what {@link LiteralAutomaton.collect} reports, state by state, for callers
   * that summarise each state's outputs once in advance. A shared buffer: read it before the next call.
   */
  collectStates(text: string): { states: Int32Array; count: number } {
    if (this.packed) return this.collectStatesPacked(text);
    const { alphabet, steps, fails } = this;
    const n = text.length;
    if (this.reached.length < n) this.reached = grownTo(this.reached, n);
    const reached = this.reached;
    const rootBase = this.base[0]!;
    let count = 0;
    let s = 0;
    // The state's base rides along with it: each step reads one cell of `steps` (owner, target,
    // the target's base, its outputs flag), and each failure one pair of `fails`, instead of a
    // base, a cell and a failure target from three tables one after the other. Every character
    // waited on those dependent reads (the walk was two thirds of the scan, 2026-12-06).
    let b = rootBase;
    for (let k = 0; k < n; k++) {
      // unitAt, not text.charCodeAt: the scan reads half a dozen kinds of V8 string (the message,
      // its clause's slice, a corrected concatenation), and past four the JIT looked charCodeAt up
      // generically at every character (see code-units.ts).
      const letter = alphabet[unitAt(text, k)]!;
      if (letter === 0) {
        s = 0;
        b = rootBase;
        continue;
      }
      let cell = 4 * (b + letter);
      while (steps[cell] !== s && s !== 0) {
        const f = 2 * s;
        s = fails[f]!;
        b = fails[f + 1]!;
        cell = 4 * (b + letter);
      }
      // Every state is written and the count moves on only for one with outputs (its flag): a
      // branch on it mispredicted at about every fifth character, as states with outputs come and go.
      let hasOutputs = 0;
      if (steps[cell] === s) {
        s = steps[cell + 1]!;
        b = steps[cell + 2]!;
        hasOutputs = steps[cell + 3]!;
      } else {
        s = 0;
        b = rootBase;
      }
      reached[count] = s;
      count += hasOutputs;
    }
    this.reachedResult.states = reached;
    this.reachedResult.count = count;
    return this.reachedResult;
  }

  /**
   * {@link LiteralAutomaton.collectStates} over the packed tables: the same walk, the same states. Written out
   * again rather than sharing a loop with a layout test in it: this loop is the scan's hottest code, and each
   * copy reads one table layout with no branch on which.
   */
  private collectStatesPacked(text: string): { states: Int32Array; count: number } {
    const { alphabet, steps, fails } = this;
    const n = text.length;
    if (this.reached.length < n) this.reached = grownTo(this.reached, n);
    const reached = this.reached;
    const rootBase = this.base[0]!;
    let count = 0;
    let s = 0;
    let b = rootBase;
    for (let k = 0; k < n; k++) {
      const letter = alphabet[unitAt(text, k)]!;
      if (letter === 0) {
        s = 0;
        b = rootBase;
        continue;
      }
      let cell = 2 * (b + letter);
      while (steps[cell] !== s && s !== 0) {
        const f = fails[s]!;
        s = f & 0xffff;
        b = f >>> 16;
        cell = 2 * (b + letter);
      }
      let hasOutputs = 0;
      if (steps[cell] === s) {
        const next = steps[cell + 1]!;
        s = next & 0x7fff;
        hasOutputs = (next >> 15) & 1;
        b = next >>> 16;
      } else {
        s = 0;
        b = rootBase;
      }
      reached[count] = s;
      count += hasOutputs;
    }
    this.reachedResult.states = reached;
    this.reachedResult.count = count;
    return this.reachedResult;
  }
}

/** The wide walk tables packed when they fit (see packedWalkTables), else as they are. */
function walkLayout(wide: [Int32Array, Int32Array]): [boolean, Int32Array, Int32Array] {
  const packed = packedWalkTables(wide[0], wide[1]);
  return packed ? [true, ...packed] : [false, ...wide];
}

/**
 * `steps` and `fails` (see walkTables) in 8 bytes a cell and 4 a state: per cell [owner, target |
 * outputs flag << 15 | target's base << 16], per state [failure target | its base << 16]; what the
 * build stores then. Undefined when a state or a base does not fit (over 32,768 states): the scan
 * reads the wide tables.
 */
export function packedWalkTables(steps: Int32Array, fails: Int32Array): [Int32Array, Int32Array] | undefined {
  const cellCount = steps.length >> 2;
  const stateCount = fails.length >> 1;
  if (stateCount > 0x8000) return undefined;
  const packed = new Int32Array(2 * cellCount);
  for (let cell = 0; cell < cellCount; cell++) {
    const owner = steps[4 * cell]!;
    packed[2 * cell] = owner;
    if (owner === -1) continue;
    const base = steps[4 * cell + 2]!;
    if (base < 0 || base > 0xffff) return undefined;
    packed[2 * cell + 1] = steps[4 * cell + 1]! | (steps[4 * cell + 3]! << 15) | (base << 16);
  }
  const packedFails = new Int32Array(stateCount);
  for (let s = 0; s < stateCount; s++) {
    const base = fails[2 * s + 1]!;
    if (base < 0 || base > 0xffff) return undefined;
    packedFails[s] = fails[2 * s]! | (base << 16);
  }
  return [packed, packedFails];
}

/**
 * {@link LiteralAutomaton.collectStates}' tables from the double array: per cell [owner, target,
 * base of the target, 1 when the target has outputs else 0] (a free cell: owner −1), and per state
 * [failure target, its base]. The root has no outputs (no word is empty).
 */
export function walkTables(base: Int32Array, cells: Int32Array, fail: Int32Array, outStart: Int32Array): [Int32Array, Int32Array] {
  const cellCount = cells.length >> 1;
  const steps = new Int32Array(4 * cellCount);
  for (let cell = 0; cell < cellCount; cell++) {
    const owner = cells[2 * cell]!;
    const target = cells[2 * cell + 1]!;
    steps[4 * cell] = owner;
    steps[4 * cell + 1] = target;
    if (owner === -1) continue;
    steps[4 * cell + 2] = base[target]!;
    steps[4 * cell + 3] = outStart[target]! < outStart[target + 1]! ? 1 : 0;
  }
  const fails = new Int32Array(2 * fail.length);
  for (let s = 0; s < fail.length; s++) {
    fails[2 * s] = fail[s]!;
    fails[2 * s + 1] = base[fail[s]!]!;
  }
  return [steps, fails];
}

/**
 * The double array of a trie (`children[s]`: the states an edge leads to from s; `letterInto[t]`:
 * the letter of the edge into t): per state a base, and cells of [owner, target] pairs (owner −1:
 * free), each state's children placed at the first base where all their cells are free. A state
 * without children keeps base 0, whose cells belong to the root or to no one, so no edge of it is
 * ever found. Runs once per automaton the build did not store (another language's lexicon, on
 * its first message): kept to a few plain loops, as it runs before the JIT has compiled it.
 */
function doubleArray(states: number, letters: number, children: readonly (readonly number[])[], letterInto: readonly number[]): [Int32Array, Int32Array] {
  const base = new Int32Array(states);
  let owner = new Int32Array(2 * (states + letters) + 64).fill(-1);
  let target = new Int32Array(owner.length);
  // skip[c] for a taken cell c: a cell after it from which to look for a free one (shortened as
  // it is followed), so each search steps over the taken cells at most about once.
  let skip = new Int32Array(owner.length);
  let end = 0;
  for (let st = 0; st < states; st++) {
    const next = children[st]!;
    const count = next.length;
    if (count === 0) continue;
    const anchor = letterInto[next[0]!]!;
    let b = 0;
    for (let cell = anchor; ; cell++) {
      // The first free cell from `cell` on, shortening the skips followed.
      let free = cell;
      while (owner[free] !== -1) free = skip[free]!;
      while (cell !== free) {
        const after = skip[cell]!;
        skip[cell] = free;
        cell = after;
      }
      b = cell - anchor;
      if (b + letters >= owner.length) {
        owner = grownTo(owner, owner.length * 2, -1);
        target = grownTo(target, owner.length);
        skip = grownTo(skip, owner.length);
      }
      let fits = true;
      for (let i = 1; i < count && fits; i++) if (owner[b + letterInto[next[i]!]!] !== -1) fits = false;
      if (fits) break;
    }
    base[st] = b;
    for (let i = 0; i < count; i++) {
      const t = next[i]!;
      const cell = b + letterInto[t]!;
      owner[cell] = st;
      target[cell] = t;
      skip[cell] = cell + 1;
    }
    if (b + letters > end) end = b + letters;
  }
  // Every cell a base plus a letter can reach, so that a lookup never reads past the end.
  const cells = new Int32Array(2 * Math.max(end, letters)).fill(-1);
  for (let cell = 0; cell < end; cell++) {
    if (owner[cell] === -1) continue;
    cells[2 * cell] = owner[cell]!;
    cells[2 * cell + 1] = target[cell]!;
  }
  return [base, cells];
}

// ---- The automaton of intents/, stored by `npm run build` ----------------------------------------
//
// Building the automaton of the lexicon and the key terms (12,000 states) was a sixth of a cold
// `mynapin ask`. The build stores its tables with a hash of the words and outputs it was built
// from; at run time an automaton of the same words is read instead of built. A lexicon staff edited
// since has other words, so another hash: its automaton is built as usual.

const AUTOMATON_URL = new URL('../lexicon-automaton.bin', import.meta.url);
/** Bumped when the stored tables change shape (2: the edges as a double array). */
const AUTOMATON_LAYOUT = 2;
let lastBuilt: { key: string; automaton: LiteralAutomaton } | undefined;

/**
 * A SHA-1 of the words (their UTF-16 code units) and, per word, its length and outputs, with the
 * counts. Hashed natively: the FNV loop over every character it replaces was ~4 ms of a cold start.
 */
function automatonKey(words: readonly string[], outputsOf: readonly (readonly number[])[]): string {
  let total = 2 * words.length;
  for (const outputs of outputsOf) total += outputs.length;
  const numbers = new Int32Array(total);
  let at = 0;
  for (let i = 0; i < words.length; i++) {
    const outputs = outputsOf[i]!;
    numbers[at++] = words[i]!.length;
    numbers[at++] = outputs.length;
    for (const o of outputs) numbers[at++] = o;
  }
  const hash = createHash('sha1').update(words.join(''), 'utf16le').update(new Uint8Array(numbers.buffer)).digest('base64');
  return `${AUTOMATON_LAYOUT}:${words.length}:${total}:${hash}`;
}

/** The automaton of these words: the stored one when the build made it from the same words, else built. */
export function automatonFor(words: readonly string[], outputsOf: readonly (readonly number[])[]): LiteralAutomaton {
  const key = automatonKey(words, outputsOf);
  let automaton: LiteralAutomaton | undefined;
  try {
    let bytes = readFileSync(AUTOMATON_URL);
    if (bytes.byteOffset % 4 !== 0) bytes = Buffer.from(bytes); // an Int32Array view needs alignment
    const all = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
    const keyLength = all[0]!;
    const storedKey = Buffer.from(all.buffer, all.byteOffset + 4, keyLength).toString('latin1');
    if (storedKey === key) {
      let at = 1 + Math.ceil(keyLength / 4);
      const arrays: Int32Array[] = [];
      while (at < all.length) {
        const length = all[at]!;
        arrays.push(all.subarray(at + 1, at + 1 + length));
        at += 1 + length;
      }
      automaton = new LiteralAutomaton(words, outputsOf, arrays);
    }
  } catch {
    // not built (tests run from src/), or unreadable: build it
  }
  automaton ??= new LiteralAutomaton(words, outputsOf);
  lastBuilt = { key, automaton };
  return automaton;
}

/** For the build: the bytes of the automaton made last (with its key), to store. */
export function lastAutomatonBytes(): Buffer | undefined {
  if (!lastBuilt) return undefined;
  const key = Buffer.from(lastBuilt.key, 'latin1');
  const keyWords = Math.ceil(key.length / 4);
  const arrays = lastBuilt.automaton.tables();
  const total = 1 + keyWords + arrays.reduce((a, t) => a + 1 + t.length, 0);
  const all = new Int32Array(total);
  all[0] = key.length;
  Buffer.from(all.buffer).set(key, 4);
  let at = 1 + keyWords;
  for (const t of arrays) {
    all[at] = t.length;
    all.set(t, at + 1);
    at += 1 + t.length;
  }
  return Buffer.from(all.buffer);
}

/** A longer copy of `array` (its entries first, then `fill`): the buffers the scan reuses grow by it. */
export function grownTo(array: Int32Array, length: number, fill = 0): Int32Array<ArrayBuffer> {
  const longer = new Int32Array(length);
  if (fill !== 0) longer.fill(fill, array.length);
  longer.set(array);
  return longer;
}
