import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabelledTsv } from '../../src/cli/eval.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { firstAnswers } from './fixture.js';

// A sentence of context before the question must not change the answer: a story, another
// organisation, another card that is fine, the city hall, the resident's own card (the kinds of
// test/fixtures/context-prefixes.tsv). Each in-scope line of the sets that are never training data,
// answered right alone, is asked again after one prefix (each prefix in turn); each `none` line after
// a sentence about one's own card (「マイナンバーカードは去年作りました。」 before another card's PIN is
// still the bank's). bench/context-robustness.mjs reads the same per kind; the floors hold where the
// fifteenth session left them (README, "Issue 13"), so that they only rise.
describe('a sentence of context before the question, through the engine', { timeout: 120_000 }, () => {
  const fixtures = join(REPO_ROOT, 'test/fixtures');
  const prefixes = readFileSync(join(fixtures, 'context-prefixes.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.includes('\t'))
    .map((line) => {
      const [kind, text] = line.split('\t') as [string, string];
      return { kind, text };
    });
  const rows = readdirSync(fixtures)
    .filter((f) => /^(?:dev|first-sight)-.*\.tsv$/.test(f))
    .flatMap((f) => readLabelledTsv(join(fixtures, f)));
  const SMALL_TALK = new Set(['greeting', 'thanks', 'help']);

  it('keeps the answer of in-scope lines (≥ 0.84) and `none` after one\'s own card (≥ 0.94)', async () => {
    const ask = firstAnswers();
    const ownCard = prefixes.filter((p) => p.kind === 'my_card');
    const tally = { in: { asked: 0, kept: 0 }, none: { asked: 0, kept: 0 } };
    const lost: string[] = [];
    for (const { intent, text } of rows) {
      if (SMALL_TALK.has(intent) || (await ask(text)) !== intent) continue;
      const kind = intent === 'none' ? 'none' : 'in';
      const pool = kind === 'none' ? ownCard : prefixes;
      const asked = pool[tally[kind].asked % pool.length]!.text + text;
      tally[kind].asked++;
      const got = await ask(asked);
      if (got === intent) tally[kind].kept++;
      else lost.push(`${intent} -> ${got}\t${asked}`);
    }
    expect(tally.in.asked).toBeGreaterThan(3000);
    expect(tally.in.kept / tally.in.asked, lost.join('\n')).toBeGreaterThanOrEqual(0.84);
    expect(tally.none.kept / tally.none.asked, lost.join('\n')).toBeGreaterThanOrEqual(0.94);
  });

  it('keeps the answer when a closing courtesy follows the question (「よろしくお願いします」 read as a greeting)', async () => {
    const ask = firstAnswers();
    const closings = ['。よろしくお願いします。', '、よろしくお願いいたします', '。ありがとうございます。'];
    const tally = { asked: 0, kept: 0 };
    const lost: string[] = [];
    for (const { intent, text } of rows) {
      if (intent === 'none' || SMALL_TALK.has(intent) || (await ask(text)) !== intent) continue;
      const asked = text + closings[tally.asked++ % closings.length]!;
      const got = await ask(asked);
      if (got === intent) tally.kept++;
      else lost.push(`${intent} -> ${got}\t${asked}`);
    }
    expect(tally.kept / tally.asked, lost.join('\n')).toBeGreaterThanOrEqual(0.97);
  });
});
