// The nlp.js peer of `mynapin classify` (bench/nlu.mjs runs it): trains nlp.js on the labelled
// lines of a TSV (intent<TAB>text), then answers one JSON line ({intent, score}) per stdin line, in
// one process, as classify does. nlp.js is not a dependency of mynapin: the benchmark installs it
// into a temporary folder and passes that folder's node_modules as NLPJS_MODULES.
//
//   NLPJS_MODULES=/tmp/x/node_modules node bench/peers/nlpjs-classify.mjs TRAIN.tsv < lines.txt
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const modules = process.env.NLPJS_MODULES;
if (!modules) {
  console.error('NLPJS_MODULES must name a node_modules folder holding @nlpjs/basic and @nlpjs/lang-ja');
  process.exit(2);
}
const require = createRequire(join(modules, 'x.js'));
const { containerBootstrap } = require('@nlpjs/core');
const { Nlp } = require('@nlpjs/nlp');
const { LangJa } = require('@nlpjs/lang-ja');

const started = performance.now();
const container = await containerBootstrap();
container.use(Nlp);
container.use(LangJa);
const nlp = container.get('nlp');
nlp.settings.autoSave = false;
nlp.settings.log = false;
nlp.addLanguage('ja');
for (const line of readFileSync(process.argv[2], 'utf8').split('\n').slice(1)) {
  const [intent, text] = line.split('\t');
  if (intent && text) nlp.addDocument('ja', text, intent);
}
await nlp.train();
process.stderr.write(`trained in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);

let out = '';
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const r = await nlp.process('ja', line);
  out += `${JSON.stringify({ intent: r.intent === 'None' ? 'none' : r.intent, score: r.score })}\n`;
  if (out.length > 65536) {
    if (!process.stdout.write(out)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    out = '';
  }
}
process.stdout.write(out);
