// How much a resident's typo costs: every line of the never-training sets (test/fixtures/dev-*.tsv,
// first-sight-*.tsv) that both builds answer right as written is damaged three ways — one inner
// character dropped, two neighbours swapped, kana with their voicing marks and small forms lost
// (「マイナンハーカート」) — and asked again through `mynapin classify` (the policy included). The damage
// is seeded by each line's own text, so both builds, and any two runs, read the same damaged lines.
// Prints the wrong answers per damage, in scope and `none`, base → this build; --list KIND prints the
// lines this build loses that the base keeps.
// Usage: npm run build && node bench/typo-robustness.mjs --paired BASE_ROOT [--list dropped|swapped|kana]
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLAIN_KANA } from './lines.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argAfter = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const paired = argAfter('--paired');
const list = argAfter('--list');
const builds = paired ? [resolve(paired), root] : [root];

const fixtures = join(root, 'test/fixtures');
const rows = readdirSync(fixtures)
  .filter((f) => /^(?:dev|first-sight)-[a-z0-9-]+\.tsv$/.test(f))
  .sort()
  .flatMap((f) => readFileSync(join(fixtures, f), 'utf8').split('\n').slice(1).filter(Boolean).map((line) => line.split('\t')));

let seed = 1;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
/** Seeds the generator from the line and the damage, so every build and run damages a line alike. */
function seedFor(text, kind) {
  let h = 2166136261 ^ kind.length;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  seed = h >>> 1 || 7;
}
const DAMAGE = {
  dropped: (text) => {
    const cs = [...text];
    if (cs.length < 6) return text;
    cs.splice(1 + Math.floor(random() * (cs.length - 2)), 1);
    return cs.join('');
  },
  swapped: (text) => {
    const cs = [...text];
    if (cs.length < 6) return text;
    const i = 1 + Math.floor(random() * (cs.length - 3));
    [cs[i], cs[i + 1]] = [cs[i + 1], cs[i]];
    return cs.join('');
  },
  kana: (text) => [...text].map((c) => (PLAIN_KANA.has(c) && random() < 0.5 ? PLAIN_KANA.get(c) : c)).join(''),
};

/** The intent `mynapin classify` of `build` gives each text, in one process. */
const classifyWith = (build, texts) =>
  execFileSync(process.execPath, [join(build, 'dist/cli.js'), 'classify'], { input: texts.map((t) => t.replace(/\n/g, ' ')).join('\n') + '\n', maxBuffer: 1 << 30 })
    .toString().trim().split('\n').map((line) => JSON.parse(line).intent);

const asWritten = builds.map((build) => classifyWith(build, rows.map(([, text]) => text)));
const right = rows.filter(([intent], i) => asWritten.every((got) => got[i] === intent));
console.log(`${right.length} of ${rows.length} lines right as written${paired ? ' in both builds' : ''}; wrong after the damage (in scope / none)${paired ? ', base → this build' : ''}:`);
for (const [kind, damage] of Object.entries(DAMAGE)) {
  const damaged = right.map(([, text]) => (seedFor(text, kind), damage(text)));
  const answers = builds.map((build) => classifyWith(build, damaged));
  const wrong = (got) => {
    let inScope = 0;
    let none = 0;
    got.forEach((intent, i) => {
      if (intent !== right[i][0]) right[i][0] === 'none' ? none++ : inScope++;
    });
    return `${inScope} / ${none}`;
  };
  console.log(`${kind.padEnd(8)} ${answers.map(wrong).join(' → ')}`);
  if (list === kind && paired) answers[1].forEach((intent, i) => answers[0][i] === right[i][0] && intent !== right[i][0] && console.log(`  ${right[i][0]} -> ${intent}\t${damaged[i]}`));
}
