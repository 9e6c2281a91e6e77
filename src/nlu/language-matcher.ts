import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntentFileError } from '../errors.js';
import { detectLanguage } from '../i18n/detect.js';
import { BASE_LANG, type Lang } from '../i18n/languages.js';
import { localeLanguages, LOCALES_DIR } from '../intents/locale-load.js';
import { nluFileSchema, type NluFile } from '../intents/locale-schema.js';
import { readValidated } from '../intents/load.js';
import { yaml } from '../intents/yaml-lazy.js';
import { snapshotFor } from '../intents/yaml-snapshot.js';
import { compileLexicon } from './lexicon.js';
import { KeyTermMatcher, type MatcherIntent, type MatcherOptions } from './matcher.js';
import type { IntentMatcher, MatchResult, NeighbourReading } from './types.js';

/**
 * The matcher for every language: a message the language detector reads as another language
 * (English, and Japanese typed in romaji) goes to that language's matcher — the Japanese lexicon,
 * phrases and terms plus what intents/locales/<lang>/_nlu.yaml adds; every other message to the
 * Japanese matcher, untouched. So a language's words can never change how Japanese is understood.
 */
export class LanguageRoutingMatcher implements IntentMatcher {
  constructor(
    private readonly base: IntentMatcher,
    private readonly byLanguage: ReadonlyMap<Lang, IntentMatcher>,
  ) {}

  prepare(): void {
    this.base.prepare?.();
    for (const matcher of this.byLanguage.values()) matcher.prepare?.();
  }

  /** The languages with a matcher of their own (those with an _nlu.yaml). */
  get languages(): Lang[] {
    return [...this.byLanguage.keys()];
  }

  /** The last text routed, and where: neighbours() is asked about the text match() just read. */
  private lastText: string | undefined;
  private lastRoute: IntentMatcher | undefined;

  match(text: string): MatchResult {
    return this.matcherFor(text).match(text);
  }

  /** The labelled examples are Japanese: a message routed to another language's matcher has none. */
  neighbours(text: string, normalised: string): NeighbourReading | undefined {
    const matcher = text === this.lastText ? this.lastRoute : this.matcherFor(text);
    return matcher === this.base ? this.base.neighbours?.(text, normalised) : undefined;
  }

  private matcherFor(text: string): IntentMatcher {
    const lang = this.byLanguage.size > 0 ? detectLanguage(text) : undefined;
    const matcher = lang && lang !== BASE_LANG ? this.byLanguage.get(lang) : undefined;
    this.lastText = text;
    return (this.lastRoute = matcher ?? this.base);
  }
}

/** Reads intents/locales/<lang>/_nlu.yaml, or undefined when the language has none. */
export function loadNluFile(intentsDir: string, lang: Lang): NluFile | undefined {
  const file = join(intentsDir, LOCALES_DIR, lang, '_nlu.yaml');
  if (!existsSync(file)) return undefined;
  return readValidated(nluFileSchema, file, true);
}

function readLexiconData(file: string): { concepts: Record<string, string[]> } & Record<string, unknown> {
  try {
    const text = readFileSync(file, 'utf8');
    return (snapshotFor(text) ?? yaml().parse(text)) as { concepts: Record<string, string[]> };
  } catch (error) {
    throw new IntentFileError(`${file}: cannot read the lexicon: ${(error as Error).message}`);
  }
}

/**
 * A matcher per language folder with an _nlu.yaml: the Japanese lexicon with the language's words
 * added to its concepts (new concept names allowed), the Japanese phrases and terms with the
 * language's own added. Throws IntentFileError naming the file and field.
 */
export function createLanguageMatchers(
  intentsDir: string,
  definitions: readonly MatcherIntent[],
  options: Partial<MatcherOptions>,
): Map<Lang, IntentMatcher> {
  const out = new Map<Lang, IntentMatcher>();
  const languages = localeLanguages(intentsDir);
  if (languages.length === 0) return out;
  const lexiconFile = join(intentsDir, '_lexicon.yaml');
  for (const lang of languages) {
    const nlu = loadNluFile(intentsDir, lang);
    if (!nlu) continue;
    const where = `intents/${LOCALES_DIR}/${lang}/_nlu.yaml`;
    // Compiled on the language's first message (or prepare()): it is the Japanese lexicon again, with
    // the language's words added, and costs more than a one-shot Japanese `ask` takes in all.
    out.set(
      lang,
      new LazyMatcher(() => {
        const data = readLexiconData(lexiconFile);
        const concepts: Record<string, string[]> = { ...data.concepts };
        for (const [name, patterns] of Object.entries(nlu.concepts)) concepts[name] = [...(concepts[name] ?? []), ...patterns];
        const lexicon = compileLexicon({ ...data, concepts }, `${where} + intents/_lexicon.yaml`);
        const merged: MatcherIntent[] = definitions.map((d) => {
          const extra = nlu.intents[d.id];
          if (!extra) return d;
          return {
            id: d.id,
            phrases: [...d.phrases, ...extra.phrases],
            terms: addWeights(d.terms, extra.terms),
            source: `${where}: intents.${d.id}`,
          };
        });
        return new KeyTermMatcher(merged, lexicon, options);
      }),
    );
  }
  return out;
}

/** A matcher built on its first use (see createLanguageMatchers). */
class LazyMatcher implements IntentMatcher {
  private built: IntentMatcher | undefined;

  constructor(private readonly build: () => IntentMatcher) {}

  match(text: string): MatchResult {
    return (this.built ??= this.build()).match(text);
  }

  prepare(): void {
    this.built ??= this.build();
  }
}

/** The terms of both; a term in both counts with the sum of its weights (the language adds evidence). */
function addWeights(base: Readonly<Record<string, number>>, extra: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...base };
  for (const [term, weight] of Object.entries(extra)) out[term] = (out[term] ?? 0) + weight;
  return out;
}
