// Typo robustness held out: each of heldout35–50 left out of the classifier's and the example index's
// training, its lines scored as first turns through the policy as written, with one inner character
// dropped, and with two neighbours swapped (seeded, so runs compare). README "Issue 13", eighth session.
//
//   npm run build && node bench/typo-folds.mjs
//   CLS='{"exampleTypos":4}' node bench/typo-folds.mjs    (classifier training options to try)
import { fileURLToPath } from 'node:url';
const ROOT = process.env.ROOT ?? fileURLToPath(new URL('..', import.meta.url));
const { createMatcher } = await import(`${ROOT}/dist/nlu/index.js`);
const { loadExampleSets } = await import(`${ROOT}/dist/nlu/classifier-training.js`);
const { decide, readingInContext } = await import(`${ROOT}/dist/conversation/policy.js`);
const { readSlots } = await import(`${ROOT}/dist/conversation/slots.js`);
const { scanSecrets, SECRET_MASK } = await import(`${ROOT}/dist/privacy/guard.js`);
const sets = loadExampleSets();
const names = [...sets.keys()].filter((n) => /^heldout(3[5-9]|4\d|50)\.tsv$/.test(n));
let seed = 11; const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
const drop = (s) => { const cs = [...s]; if (cs.length < 6) return s; const i = 1 + Math.floor(rnd() * (cs.length - 2)); cs.splice(i, 1); return cs.join(''); };
const swap = (s) => { const cs = [...s]; if (cs.length < 6) return s; const i = 1 + Math.floor(rnd() * (cs.length - 3)); [cs[i], cs[i + 1]] = [cs[i + 1], cs[i]]; return cs.join(''); };
const kinds = { asis: (s) => s, drop, swap };
const tot = {};
for (const h of names) {
  const examples = [...sets.entries()].filter(([n]) => n !== h).flatMap(([, r]) => r);
  const m = createMatcher({ cacheSize: 0, examples, classifier: JSON.parse(process.env.CLS ?? '{}') });
  for (const [k, f] of Object.entries(kinds)) {
    const t = (tot[k] ??= { in: [0, 0], none: [0, 0] });
    for (const { intent, text: t0 } of sets.get(h)) {
      const text = f(t0);
      const scan = scanSecrets(text);
      const q = scan.redacted.split(SECRET_MASK).join(' ').trim();
      const raw = m.match(q);
      const match = readingInContext(raw, scan.kinds.length > 0, true);
      const d = decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(match.normalised), neighbours: () => m.neighbours?.(q, raw.normalised), written: scan.redacted });
      const got = scan.kinds.length > 0 && d.intent === 'none' ? 'pin_management' : d.intent;
      const c = intent === 'none' ? 'none' : 'in';
      t[c][0]++; if (got === intent) t[c][1]++;
    }
  }
}
for (const [k, t] of Object.entries(tot)) console.log(k.padEnd(5), 'in', t.in[1], '/', t.in[0], (t.in[1] / t.in[0]).toFixed(4), ' none', t.none[1], '/', t.none[0], (t.none[1] / t.none[0]).toFixed(4));
