// Part of `npm run build`: stores the trained n-gram classifier in dist/classifier-model.bin (last
// lines), and the parsed data of every intents/*.yaml in
// dist/intents-snapshot.json, keyed by a hash of the file's text, and what validating it gave in
// dist/intents-validated.json (language folders' schemas: -locales.json; see src/intents/yaml-snapshot.ts),
// and the literal analysis of every lexicon and key-term pattern in dist/pattern-facts.json (see
// src/nlu/pattern-scan.ts) with each pattern's normalised source in dist/pattern-sources.json (see
// src/nlu/pattern-sources.ts) and each example phrase's normalised text in dist/phrase-normalised.json,
// so a cold start neither loads the YAML parser nor analyses patterns.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { yamlTextKey } from '../dist/intents/yaml-snapshot.js';
import { analyse, rankFactorsBy } from '../dist/nlu/pattern-scan.js';
import { normalise, normalisePattern, spellingFixSources } from '../dist/nlu/normalise.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The loaders this script runs read these stores when present (each is read once per process, on
// first use): they must not find an earlier build's, which may be in an older format or made from
// older inputs, and would then shape what this build records (a lexicon scan stored under a key no
// start computes, so every cold ask analysed the lexicon again).
for (const name of ['pattern-sources.json', 'phrase-normalised.json', 'pattern-facts.json', 'pattern-facts-core.json', 'lexicon-automaton.bin']) {
  rmSync(join(root, 'dist', name), { force: true });
}
for (const name of readdirSync(join(root, 'dist'))) if (/^lexicon-scan(-\d+)?\.bin$/.test(name)) rmSync(join(root, 'dist', name), { force: true });
// Which of a pattern's required literals the scan watches: the rarest in the labelled messages
// (see rankFactorsBy). Set before anything is analysed, so the stored facts, automaton and scan
// all have the same factors. A factor's share of messages: exact up to four code units, and for a
// longer one the least of its four-unit pieces' (it occurs in no more messages than they do).
{
  // Every labelled set of test/fixtures (the English one too: its patterns are ranked by it).
  const fixtures = join(root, 'test/fixtures');
  const texts = readdirSync(fixtures)
    .filter((name) => name.endsWith('.tsv'))
    .flatMap((name) => readFileSync(join(fixtures, name), 'utf8').split('\n').slice(1))
    .map((line) => line.split('\t')[1])
    .filter(Boolean)
    .map((text) => normalise(text));
  const counts = new Map();
  for (const text of texts) {
    const seen = new Set();
    for (let i = 0; i < text.length; i++) for (let n = 1; n <= 4 && i + n <= text.length; n++) seen.add(text.slice(i, i + n));
    for (const piece of seen) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  }
  const share = (piece) => ((counts.get(piece) ?? 0) + 0.5) / (texts.length + 1);
  rankFactorsBy((factor) => {
    if (factor.length <= 4) return share(factor);
    let least = Infinity;
    for (let i = 0; i + 4 <= factor.length; i++) least = Math.min(least, share(factor.slice(i, i + 4)));
    return least;
  });
}
const dir = join(root, 'intents');
const snapshot = {};
const facts = {};
// Pattern → its normalised source, for the patterns whose source compiles (src/nlu/pattern-sources.ts).
const sources = {};
// The facts a cold start reads when the lexicon's scan comes from dist/lexicon-scan.bin (which
// holds what the key terms need): the spelling fixes' (dist/pattern-facts-core.json, see analysePattern).
const coreFacts = {};
const addFacts = (pattern) => {
  if (typeof pattern !== 'string') return;
  const source = normalisePattern(pattern);
  facts[source] ??= analyse(source);
  if (Object.hasOwn(sources, pattern)) return;
  try {
    new RegExp(source, 'u');
    sources[pattern] = source;
  } catch {
    // an invalid pattern is left to the loader, which reports it
  }
};
// intents/*.yaml and every language's intents/locales/<lang>/*.yaml.
const localesDir = join(dir, 'locales');
const files = [
  ...readdirSync(dir).filter((n) => n.endsWith('.yaml')).map((n) => join(dir, n)),
  ...(existsSync(localesDir) ? readdirSync(localesDir) : []).flatMap((lang) => {
    const folder = join(localesDir, lang);
    return statSync(folder).isDirectory() ? readdirSync(folder).filter((n) => n.endsWith('.yaml')).map((n) => join(folder, n)) : [];
  }),
];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  let data;
  try {
    data = parse(text, { uniqueKeys: true });
    snapshot[yamlTextKey(text)] = JSON.stringify(data);
  } catch {
    continue; // a broken file is left to the loader, which reports it with its line and column
  }
  // Lexicon concepts, and the regex atoms of key terms (split as src/nlu/terms.ts does).
  for (const patterns of Object.values(data?.concepts ?? {})) if (Array.isArray(patterns)) patterns.forEach(addFacts);
  // Key terms of an intent file, and of each intent in a language's _nlu.yaml.
  const termLists = [data?.terms ?? {}, ...Object.values(data?.intents ?? {}).map((i) => i?.terms ?? {})];
  for (const term of termLists.flatMap((terms) => Object.keys(terms))) {
    for (const part of term.split(/\+(?=[@!])|(?<=@[A-Z0-9_]+)\+/)) {
      const body = part.trim().replace(/^!/, '');
      if (body && !body.startsWith('@')) addFacts(body);
    }
  }
}
// The spelling fixes of src/nlu/normalise.ts (their factors skip the fixes on most messages).
for (const source of spellingFixSources()) coreFacts[source] = facts[source] ??= analyse(source);
writeFileSync(join(root, 'dist/intents-snapshot.json'), JSON.stringify(snapshot));
// An earlier build's validations must not be read while these are recorded.
rmSync(join(root, 'dist/intents-validated.json'), { force: true });
rmSync(join(root, 'dist/intents-validated-locales.json'), { force: true });
// What validating each file gives, stored next to its data (see src/intents/yaml-snapshot.ts): the
// loaders run once over intents/ (every file now comes from the snapshot) and their results are kept.
{
  const { recordValidations, takeValidations } = await import('../dist/intents/yaml-snapshot.js');
  recordValidations();
  const { loadKnowledge } = await import('../dist/knowledge/index.js');
  const { createMatcher } = await import('../dist/nlu/index.js');
  // A broken file stops a loader: what it validated before is kept, the rest is validated (and the
  // broken file reported, with its line and field) at run time as before.
  try {
    loadKnowledge({ intentsDir: dir }); // the intent files, _messages, _handoff, _ui, every language folder
  } catch {}
  try {
    createMatcher({ intentsDir: dir, cacheSize: 0 }); // _lexicon.yaml and each language's _nlu.yaml
  } catch {}
  // Split by schema: a Japanese one-shot run reads only the first file.
  const { localeSchema } = await import('../dist/intents/yaml-snapshot.js');
  const validated = Object.entries(takeValidations());
  const isLocale = ([key]) => localeSchema(key.split('\t')[1]);
  writeFileSync(join(root, 'dist/intents-validated.json'), JSON.stringify(Object.fromEntries(validated.filter((e) => !isLocale(e)))));
  writeFileSync(join(root, 'dist/intents-validated-locales.json'), JSON.stringify(Object.fromEntries(validated.filter(isLocale))));
}
writeFileSync(join(root, 'dist/pattern-facts.json'), JSON.stringify(facts));
writeFileSync(join(root, 'dist/pattern-facts-core.json'), JSON.stringify(coreFacts));
writeFileSync(join(root, 'dist/pattern-sources.json'), JSON.stringify(sources));
// Every example phrase's normalised text (src/nlu/phrase-sources.ts): the intent files' phrases as
// validated, and each language's _nlu.yaml phrases.
{
  const { normalise } = await import('../dist/nlu/normalise.js');
  const { loadIntentFiles } = await import('../dist/intents/load.js');
  const phrases = new Set();
  try {
    for (const intent of loadIntentFiles(dir)) for (const phrase of intent.phrases) phrases.add(phrase);
  } catch {}
  for (const file of files.filter((f) => f.endsWith('_nlu.yaml'))) {
    try {
      const data = parse(readFileSync(file, 'utf8'));
      for (const intent of Object.values(data?.intents ?? {})) {
        for (const phrase of intent?.phrases ?? []) if (typeof phrase === 'string') phrases.add(phrase.trim());
      }
    } catch {}
  }
  const normalised = {};
  for (const phrase of phrases) normalised[phrase] = normalise(phrase);
  writeFileSync(join(root, 'dist/phrase-normalised.json'), JSON.stringify(normalised));
}
// The n-gram classifier trained on the intents' phrases and the labelled sets (src/nlu/index.ts,
// writeClassifierSnapshot), so a cold start loads it instead of training.
const { writeClassifierSnapshot, writeNeighboursSnapshot } = await import('../dist/nlu/index.js');
writeClassifierSnapshot(new URL('../dist/classifier-model.bin', import.meta.url));
// The labelled examples' bigram index the policy consults before it answers (writeNeighboursSnapshot).
writeNeighboursSnapshot(new URL('../dist/example-neighbours.bin', import.meta.url));

// The lexicon's literal automaton, built once here and stored with the hash of its words (see
// automatonFor in src/nlu/pattern-scan.ts): a cold start reads it instead of building it.
// With it, the whole first scan's tables (the patterns' analysis, the automaton, its summary) keyed
// by a hash of the patterns' sources (see src/nlu/lexicon-scan.ts), built afresh here.
const { createMatcher } = await import('../dist/nlu/index.js');
const { lastAutomatonBytes } = await import('../dist/nlu/pattern-scan.js');
const { recordScans, recordedScanBytes } = await import('../dist/nlu/lexicon-scan.js');
recordScans();
const matcher = createMatcher({ cacheSize: 0 });
matcher.match('暗証番号');
const automaton = lastAutomatonBytes();
if (automaton) writeFileSync(join(root, 'dist/lexicon-automaton.bin'), automaton);
// Then English's (the Japanese lexicon with intents/locales/en/_nlu.yaml's words), compiled on the
// first English message: stored after the Japanese one, which a Japanese start reads alone.
matcher.match('I forgot my PIN');
recordedScanBytes().forEach((scan, k) => {
  if (scan) writeFileSync(join(root, `dist/${k === 0 ? 'lexicon-scan.bin' : `lexicon-scan-${k}.bin`}`), scan);
});

// What validating the settings gives for an environment that sets none of them (src/cli/settings.ts):
// a command run without configuration (LOG_LEVEL=warn is what one-shot commands set when it is
// unset) takes this instead of building the zod schema. Kept only when JSON gives it back exactly.
{
  const { isDeepStrictEqual } = await import('node:util');
  const { envSchema, loadEnv } = await import('../dist/config/env.js');
  const { settingsKey } = await import('../dist/cli/settings.js');
  const names = Object.keys(envSchema.shape);
  const outputs = {};
  for (const source of [{}, { LOG_LEVEL: 'warn' }]) {
    const output = loadEnv(source);
    if (isDeepStrictEqual(JSON.parse(JSON.stringify(output)), output)) outputs[settingsKey(names, source)] = output;
  }
  writeFileSync(join(root, 'dist/settings-validated.json'), JSON.stringify({ names, outputs }));
}

// The facts as JSON when zod finds them all valid (src/knowledge/facts.ts): facts equal to it load
// without zod.
{
  const { validatedFactsJson } = await import('../dist/knowledge/facts.js');
  const json = validatedFactsJson();
  if (json === undefined) rmSync(join(root, 'dist/facts-validated.json'), { force: true });
  else writeFileSync(join(root, 'dist/facts-validated.json'), json);
}
