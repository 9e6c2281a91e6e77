/**
 * Nearest-phrase similarity over character bigrams, weighted by inverse document frequency.
 *
 * Why character bigrams: Japanese has no spaces, and a dictionary segmenter (Intl.Segmenter) splits
 * colloquial, dialect and typo'd text unpredictably; bigrams of the normalised text are robust to all
 * three, cost nothing to compute, and IDF weighting keeps words every intent shares (暗証番号) from
 * dominating. The score is the cosine of binary IDF vectors against the best phrase of each intent.
 */
export class PhraseIndex {
  private readonly postings = new Map<string, number[]>();
  private readonly idf = new Map<string, number>();
  private readonly norms: number[] = [];
  private readonly owner: number[] = [];
  private readonly scratch: Float64Array;

  /** `phrases[i]` are normalised texts belonging to class `classes[i]` (0…classCount-1). */
  constructor(
    phrases: readonly string[],
    classes: readonly number[],
    private readonly classCount: number,
    private readonly tokenize: (text: string) => Set<string> = bigrams,
  ) {
    const grams = phrases.map((p) => this.tokenize(p));
    grams.forEach((set, i) => {
      for (const g of set) {
        let list = this.postings.get(g);
        if (!list) this.postings.set(g, (list = []));
        list.push(i);
      }
      this.owner.push(classes[i]!);
    });
    const n = phrases.length;
    for (const [g, list] of this.postings) this.idf.set(g, Math.log(1 + n / list.length));
    for (const set of grams) {
      let sum = 0;
      for (const g of set) sum += this.idf.get(g)! ** 2;
      this.norms.push(Math.sqrt(sum) || 1);
    }
    this.scratch = new Float64Array(n);
  }

  /** Best cosine similarity per class for a normalised text. Not re-entrant (shares a scratch buffer). */
  similarity(normalised: string): Float64Array {
    const dots = this.scratch;
    dots.fill(0);
    const query = this.tokenize(normalised);
    let queryNorm = 0;
    for (const g of query) {
      const w = this.idf.get(g);
      if (w === undefined) {
        queryNorm += Math.log(1 + this.norms.length) ** 2; // unseen gram: as rare as they come
        continue;
      }
      queryNorm += w * w;
      for (const i of this.postings.get(g)!) dots[i] = dots[i]! + w * w;
    }
    const best = new Float64Array(this.classCount);
    if (queryNorm === 0) return best;
    const qn = Math.sqrt(queryNorm);
    for (let i = 0; i < dots.length; i++) {
      const d = dots[i]!;
      if (d === 0) continue;
      const cos = d / (qn * this.norms[i]!);
      const c = this.owner[i]!;
      if (cos > best[c]!) best[c] = cos;
    }
    return best;
  }
}

/** The set of character bigrams of a text (spaces kept as boundaries; single characters as unigrams). */
export function bigrams(text: string): Set<string> {
  const set = new Set<string>();
  const chars = Array.from(text);
  if (chars.length === 1) set.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    if (a === ' ' || b === ' ') continue;
    set.add(a + b);
  }
  return set;
}

// Made on first use: building it loads ICU's dictionaries, a tenth of a cold start.
let wordSegmenter: Intl.Segmenter | undefined;

/**
 * The word-like segments of a text by the ICU dictionary segmenter. Kept for comparison with
 * {@link bigrams} (see `MatcherOptions.tokenizer`): it is slower and, on typo'd and dialect text,
 * less accurate — the measurements are in README.md.
 */
export function segmenterWords(text: string): Set<string> {
  const set = new Set<string>();
  wordSegmenter ??= new Intl.Segmenter('ja', { granularity: 'word' });
  for (const s of wordSegmenter.segment(text)) if (s.isWordLike) set.add(s.segment);
  return set;
}
