import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabelledTsv } from '../../src/cli/eval.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { createTestBot } from './fixture.js';

// What a resident gets for a first message: the matcher, then the policy (context rules, contested
// answers, the nearest labelled example). test/nlu/ holds the matcher alone to its floors.
describe('the labelled sets as first messages, through the engine', { timeout: 60_000 }, () => {
  // heldout33 measures the review loop and is never training data (test/unanswered/loop.test.ts).
  const files = readdirSync(join(REPO_ROOT, 'test/fixtures')).filter((f) => /^heldout\d*\.tsv$/.test(f) && f !== 'heldout33.tsv');

  it.each(files)('%s: in-scope ≥ 0.95, none ≥ 0.95', async (file) => {
    const { tally, misses } = await firstMessages(file);
    expect(tally.in.right / tally.in.asked, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(tally.none.right / tally.none.asked, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  // dev-*.tsv: development sets written blind on 2026-12-06 (long messages with a story; city, care and
  // hospital staff; casual writing with denials), then read and tuned on. They are not training data:
  // learnt, they moved the classifier off two scripted checks (a dialogue, and one staff phrase carried
  // to its paraphrases) for +2 to +4 lines held out (README, "Issue 13", twelfth session). Each is held
  // to where it stands, so that it only rises.
  // dev-detail-checks / dev-kana-mixed: the same, written 2026-12-07 (one detail confirmed or a guess
  // checked; kana alone, やさしい日本語, half-width kana, English and romaji words), read and tuned on.
  // dev-rare-intents / dev-translated: the same, written 2026-12-07 (the signature PIN, certificates,
  // smartphones, Mynaportal, the face-only card, lost cards, changing and keeping PINs; Japanese through
  // a translation app or from a learner, with words of other languages), read and tuned on.
  // dev-voice-screens / dev-near-misses: the same, written 2026-12-07 (voice input and what a screen
  // or a letter said; near misses, 170 `none`, and in-scope lines among other topics), read and tuned on.
  // first-sight-*.tsv: the locked sets ja-ab / ja-ac, scored unseen at three states and then retired
  // here; never read. Not training data either: learnt, they cost the other sets 3 in-scope and 2
  // `none` lines held out, and 11 / 13 with a typo (README, "Issue 13", thirteenth session).
  // first-sight-detail-checks / -kana-mixed: the locked sets ja-ad / ja-ae, retired the same way
  // after three states (fifteenth session); read once retired, not training data.
  // first-sight-rare-intents / -translated: ja-af / ja-ag, the same after three states (sixteenth session).
  // dev-chat-markup / dev-rare-facts: written blind 2026-12-07 (Slack and LINE clutter — mentions,
  // quotes, tags, emoji; the less obvious facts asked by situation), read and tuned on.
  // first-sight-voice-screens / -near-misses: ja-ah / ja-ai after three states, read and tuned on once
  // retired (sixteenth session). dev-misconceptions / dev-month-log: written blind the same day (wrong
  // premises and rumours to correct; a month of a city's LINE and Slack traffic), read and tuned on.
  // first-sight-chat-markup / -rare-facts: ja-aj / ja-ak after three states (sixteenth session's start
  // and two final builds), retired and read in the seventeenth.
  // dev-bent / dev-situations: written blind the same day (dialect, typos, half-width kana and roundabout
  // words; one situation told and a question asked, as a help desk's FAQ inbox gets them), read and tuned on.
  // dev-helpers / dev-lifeevents: the same (clinic, store, bank and care staff, neighbours and relatives
  // helping someone; a life event told and the card's question after it), read and tuned on.
  // dev-short / dev-othercards: the same (short questions in dev.tsv's form; the card's PINs told apart from
  // every other secret, half of them naming another card in passing; dev-othercards2 the same theme by
  // another writer, scored before it was read: 0.773 / 0.947 at the start, 0.813 / 0.960 after the first;
  // dev-othercards3 the same in short messages: 0.853 / 0.953 at the start, 0.887 / 0.960 before it was read;
  // dev-othercards4 two thirds the card's questions naming another thing along the way: 0.830 / 0.820 at the
  // start, 0.875 / 0.800 before it was read), read and tuned on.
  // first-sight-misconceptions / -month-log: ja-al / ja-am after three states (seventeenth session's start,
  // mid and final builds), retired and read in the eighteenth. dev-situations2: written blind the same day
  // (a situation told and a short, implicit question; the official name rarely said), 0.946 / 0.987 before
  // it was read, then read and tuned on.
  // dev-dialects / dev-dialects2: written blind the same day (regional speech and older residents; regional
  // speech typed on a phone, short and long), 0.991 / 0.976 and 0.977 / 1.000 before they were read.
  // dev-situations3 / dev-elderly: the same (a situation in two or three sentences, the question last, a third
  // naming another card or office; older residents and their families writing at length), 0.884 / 0.960 and
  // 0.938 / 0.922 before they were read.
  // dev-othercards5 / dev-othercards6: the same (dev-othercards4's brief again; the other cards' theme in short
  // messages), 0.880 / 0.690 and 0.900 / 0.987 before they were read.
  // first-sight-bent / -situations / -othercards / -othercards-short / -devform: the locked sets ja-an, ja-ao,
  // ja-ap, ja-aq and ja-ar after three states or more (ja-ap four), retired and read in the nineteenth
  // session. First sight at the eighteenth session's end: 0.992 / 0.975, 0.929 / 1.000, 0.912 / 0.969,
  // 0.912 / 0.963 and 1.000 / 0.989.
  // dev-othercards9: the same on ja-aq's brief (other cards, short), 0.893 / 0.993 at the start, 0.907 / 0.993 before
  // it was read. dev-form2: the same on ja-ar's brief (dev.tsv's form, bent), 1.000 / 0.988 at the start and before it was read.
  // dev-situations6: the same on ja-av's brief again, 0.884 / 0.920 at the start, 0.898 / 0.933 before it was read.
  // dev-othercards8: the same on ja-aw's brief again, 0.853 / 0.947 at the start, 0.867 / 0.947 before it was read.
  // dev-regional3: the same on ja-as's brief (regional speech and older residents, a third short, a third
  // long), 0.963 / 0.930 at the start, 0.963 / 0.919 before it was read (a phone company's PIN lost to the
  // shop moved among the places). dev-situations5: the same (something just went wrong, the question only implied), 0.902 / 1.000 before it was
  // read. dev-situations4 / dev-othercards7: written blind the same session on ja-av's and ja-aw's briefs (a help desk's
  // inbox by situation; other cards' PINs beside the card's), 0.902 / 0.893 and 0.901 / 0.966 before they were
  // read, then read and tuned on.
  // first-sight-regional / -devform2 / -situations2: the locked sets ja-as, ja-at and ja-au after three states
  // (the eighteenth session's end, the nineteenth's start and end), retired and read in the twentieth session.
  // First sight at the nineteenth session's end: 0.970 / 0.955, 0.991 / 0.989 and 0.963 / 0.963.
  // dev-form3 / dev-situations7 / dev-othercards10: written blind in the twentieth session on ja-ay's, ja-ax's and
  // ja-az's briefs (dev.tsv's form, bent; on the spot, mid-errand; whose secret is it), 0.981 / 0.965, 0.956 / 0.959
  // and 0.927 / 0.960 at the session's start and unchanged before they were read, then read and tuned on.
  // dev-othercards11 / dev-othercards12 / dev-situations8 (ja-az's, ja-aw's and ja-ax's briefs again), 0.880 / 0.947,
  // 0.900 / 0.960 and 0.947 / 0.893 at the start, 0.893 / 0.947, 0.913 / 0.960 and 0.947 / 0.893 before they were read.
  // dev-situations9 / dev-situations10 (ja-av's brief, fourth and fifth writers) and dev-othercards13 (ja-aw's brief,
  // fifth writer): 0.875 / 0.974, 0.928 / 0.909 and 0.867 / 0.953 at the start; 0.875 / 0.974, 0.928 / 0.909 and
  // 0.880 / 0.967 before they were read.
  // first-sight-situations3 / -othercards2: the locked sets ja-av and ja-aw after six scorings (the nineteenth
  // session's start and end, the twentieth's start, end and review), retired and read in the twenty-first session:
  // 0.863 / 0.988 and 0.925 / 0.925 before they were read.
  // dev-form4 / dev-othercards14 / dev-situations11: written blind in the twenty-first session on ja-ay's, ja-aw's
  // and ja-av's briefs (seventh writers), 0.991 / 1.000, 0.920 / 0.973 and 0.871 / 0.973 at the session's start.
  // first-sight-situations4 / -devform3 / -othercards3: the locked sets ja-ax, ja-ay and ja-az after six scorings (the
  // twentieth session's start and end, the twenty-first's start and end, the twenty-second's start), retired and read
  // in the twenty-second session: 0.954 / 0.925, 0.991 / 1.000 and 0.894 / 0.950 before they were read.
  // dev-form5 / dev-othercards15 / dev-situations12: written blind in the twenty-second session on ja-bc's, ja-bb's
  // and ja-ba's briefs (ninth writers), and dev-unknown-owners (secrets of things no list names, a new brief):
  // 0.991 / 1.000, 0.927 / 0.960, 0.929 / 0.933 and 0.893 / 0.807 at the session's start.
  // first-sight-situations5 / -othercards4 / -devform4: the locked sets ja-ba, ja-bb and ja-bc after five scorings (the
  // twenty-first session's start and end, the twenty-second's start and end, the twenty-third's start), retired and read
  // in the twenty-third session: 0.925 / 0.975, 0.951 / 0.955 and 0.996 / 1.000 before they were read.
  // dev-situations13 / dev-othercards16 / dev-unknown-owners2: written blind in the twenty-third session on ja-ca's and
  // ja-cb's briefs (tenth writers) and dev-unknown-owners' (a second writer): 0.951 / 0.987, 0.947 / 0.960 and
  // 0.940 / 0.773 at the session's start.
  // first-sight-situations6 / -othercards5 / -devform5: the locked sets ja-ca, ja-cb and ja-cc after five scorings (the
  // twenty-second session's start and end, the twenty-third's start, an intermediate build and end; the twenty-fourth's
  // start gave the same), retired and read in the twenty-fourth session: 0.954 / 0.950, 0.963 / 0.962 and 0.996 / 1.000
  // before they were read.
  // dev-situations14 / dev-othercards17: written blind in the twenty-fourth session on the situations brief (twelfth writer,
  // opening with an apology or a greeting and who is writing) and the other cards' (eleventh writer, two-sentence scenes,
  // owners named by brand): 0.942 / 1.000 and 0.940 / 0.947 at the session's start.
  it.each([
    ['dev-long-stories.tsv', 373, 0.94, 0.97],
    ['dev-staff-stories.tsv', 380, 0.89, 0.88],
    ['dev-casual-denials.tsv', 373, 0.96, 0.97],
    ['dev-detail-checks.tsv', 379, 0.95, 0.95],
    ['dev-kana-mixed.tsv', 380, 0.97, 0.97],
    ['dev-rare-intents.tsv', 379, 0.95, 0.92],
    ['dev-translated.tsv', 377, 0.97, 0.97],
    ['dev-voice-screens.tsv', 375, 0.96, 0.95],
    ['dev-near-misses.tsv', 372, 0.96, 0.98],
    ['first-sight-long-stories.tsv', 380, 0.93, 0.98],
    ['first-sight-casual-denials.tsv', 379, 0.95, 0.98],
    ['first-sight-detail-checks.tsv', 377, 0.97, 0.99],
    ['first-sight-kana-mixed.tsv', 377, 0.97, 0.96],
    ['first-sight-rare-intents.tsv', 374, 0.97, 0.95],
    ['first-sight-translated.tsv', 379, 0.97, 0.95],
    ['dev-chat-markup.tsv', 300, 0.99, 0.98],
    ['dev-rare-facts.tsv', 300, 0.99, 0.99],
    ['first-sight-voice-screens.tsv', 380, 0.97, 0.97],
    ['first-sight-near-misses.tsv', 378, 0.94, 0.97],
    ['dev-misconceptions.tsv', 300, 0.96, 0.94],
    ['dev-month-log.tsv', 300, 0.98, 0.98],
    ['first-sight-chat-markup.tsv', 320, 0.99, 0.98],
    ['first-sight-rare-facts.tsv', 320, 0.97, 0.98],
    ['dev-bent.tsv', 300, 0.99, 0.99],
    ['dev-situations.tsv', 300, 0.98, 0.98],
    ['dev-helpers.tsv', 300, 0.97, 0.93],
    ['dev-lifeevents.tsv', 300, 0.97, 0.97],
    ['dev-short.tsv', 320, 0.99, 0.97],
    ['dev-othercards.tsv', 300, 0.83, 0.97],
    ['dev-othercards2.tsv', 300, 0.82, 0.99],
    ['dev-othercards3.tsv', 300, 0.89, 0.99],
    ['dev-othercards4.tsv', 300, 0.87, 0.83],
    ['first-sight-misconceptions.tsv', 320, 0.96, 0.97],
    ['first-sight-month-log.tsv', 320, 0.99, 0.99],
    ['dev-situations2.tsv', 300, 0.96, 0.98],
    ['dev-dialects.tsv', 300, 0.99, 0.97],
    ['dev-dialects2.tsv', 300, 0.99, 0.99],
    ['dev-situations3.tsv', 300, 0.88, 0.96],
    ['dev-elderly.tsv', 300, 0.94, 0.96],
    ['dev-othercards5.tsv', 300, 0.88, 0.79],
    ['dev-othercards6.tsv', 300, 0.9, 0.98],
    ['first-sight-bent.tsv', 320, 0.99, 0.97],
    ['first-sight-situations.tsv', 320, 0.92, 0.99],
    ['first-sight-othercards.tsv', 320, 0.91, 0.99],
    ['first-sight-othercards-short.tsv', 320, 0.93, 0.98],
    ['first-sight-devform.tsv', 320, 0.99, 0.98],
    ['dev-situations4.tsv', 300, 0.93, 0.94],
    ['dev-othercards7.tsv', 300, 0.9, 0.95],
    ['dev-situations5.tsv', 300, 0.9, 0.99],
    ['dev-regional3.tsv', 300, 0.96, 0.91],
    ['dev-othercards8.tsv', 300, 0.86, 0.94],
    ['dev-situations6.tsv', 300, 0.89, 0.93],
    ['dev-form2.tsv', 300, 0.99, 0.98],
    ['dev-othercards9.tsv', 300, 0.91, 0.99],
    ['first-sight-regional.tsv', 320, 0.99, 0.99],
    ['first-sight-devform2.tsv', 320, 0.99, 0.99],
    ['first-sight-situations2.tsv', 320, 0.97, 0.96],
    ['dev-form3.tsv', 300, 0.99, 0.99],
    ['dev-situations7.tsv', 300, 0.97, 0.97],
    ['dev-othercards10.tsv', 300, 0.95, 0.97],
    ['dev-othercards11.tsv', 300, 0.91, 0.95],
    ['dev-othercards12.tsv', 300, 0.93, 0.97],
    ['dev-situations8.tsv', 300, 0.96, 0.95],
    ['dev-situations9.tsv', 300, 0.91, 0.97],
    ['dev-situations10.tsv', 300, 0.95, 0.9],
    ['dev-othercards13.tsv', 300, 0.91, 0.96],
    ['first-sight-situations3.tsv', 320, 0.87, 0.98],
    ['first-sight-othercards2.tsv', 320, 0.93, 0.93],
    ['dev-form4.tsv', 300, 0.99, 0.99],
    ['dev-othercards14.tsv', 300, 0.94, 0.98],
    ['dev-situations11.tsv', 300, 0.88, 0.97],
    ['first-sight-situations4.tsv', 320, 0.95, 0.92],
    ['first-sight-devform3.tsv', 320, 0.99, 0.99],
    ['first-sight-othercards3.tsv', 320, 0.91, 0.94],
    ['dev-form5.tsv', 300, 0.99, 0.99],
    ['dev-othercards15.tsv', 300, 0.93, 0.95],
    ['dev-situations12.tsv', 300, 0.92, 0.93],
    ['dev-unknown-owners.tsv', 300, 0.89, 0.92],
    ['first-sight-situations5.tsv', 320, 0.93, 0.97],
    ['first-sight-othercards4.tsv', 320, 0.97, 0.96],
    ['first-sight-devform4.tsv', 320, 0.99, 0.99],
    ['dev-situations13.tsv', 300, 0.95, 0.99],
    ['dev-othercards16.tsv', 300, 0.97, 0.98],
    ['dev-unknown-owners2.tsv', 300, 0.94, 0.88],
    ['first-sight-situations6.tsv', 320, 0.95, 0.95],
    ['first-sight-othercards5.tsv', 320, 0.97, 0.96],
    ['first-sight-devform5.tsv', 320, 0.99, 0.99],
    ['dev-situations14.tsv', 300, 0.95, 0.99],
    ['dev-othercards17.tsv', 300, 0.96, 0.98],
  ] as const)('%s (never training data): %i lines, in-scope ≥ %f, none ≥ %f', async (file, lines, inScope, none) => {
    const { tally, misses } = await firstMessages(file);
    expect(tally.in.asked + tally.none.asked).toBe(lines);
    expect(tally.in.right / tally.in.asked, misses.join('\n')).toBeGreaterThanOrEqual(inScope);
    expect(tally.none.right / tally.none.asked, misses.join('\n')).toBeGreaterThanOrEqual(none);
  });
});

/** Each line of a labelled set as the first message of its own conversation: what was right, and the misses. */
async function firstMessages(file: string) {
  const { engine } = createTestBot({ readingCacheSize: 0 });
  const tally = { in: { asked: 0, right: 0 }, none: { asked: 0, right: 0 } };
  const misses: string[] = [];
  let n = 0;
  for (const { intent, text } of readLabelledTsv(join(REPO_ROOT, 'test/fixtures', file))) {
    const key = `set:${n++}`;
    const reply = await engine.respond({ conversationKey: key, text });
    await engine.forget(key);
    const kind = intent === 'none' ? 'none' : 'in';
    tally[kind].asked++;
    if (reply.intent === intent) tally[kind].right++;
    else misses.push(`${intent} -> ${reply.intent}\t${text}`);
  }
  return { tally, misses };
}
