import type { MatchResult } from '../nlu/types.js';

// Words that judge the service rather than report a problem (「最悪」「待たされた」「役に立たない」).
// Read on the normalised text (katakana folded to hiragana, lower case); お疲れさま is a greeting,
// and 「ろっくそれとも」 holds くそ; 「物忘れがひどい」 describes a memory. 「意味わからん」 is not one: about the PIN types it asks what they are.
const JUDGEMENT =
  /最悪|さいあく|ふざけ|やめて(?:ほし|くれ|よ)|役に立た|役立た|やくにたた|よかった(?:わ|のに)|わけ(?:が)?ない|おかしい|(?<!お)疲れ(?!様|さま)|(?<!お)つかれ(?!さま)|なんで.*(?:んだ|のよ|ねん)|待たされ|(?<!忘れが?|わすれが?)(?:ひどい|酷い)|めんどくさ|面倒くさ|不便|むかつ|いい加減|勘弁|ありえな|あり得な|信じられな|腹立|腹が立|うざい|くそ(?!れ)|二度と|時間の無駄|ごり押し|押し付け|押しつけ|態度(?:が)?悪|\b(?:useless|terrible|ridiculous|worst|annoying|waste of time|sucks|awful)\b/;

// Anything that asks for something (a question word, a request, 「〜か」「〜の」 at the end). The
// question mark itself is read on the message as written: normalisation drops it.
const ASKS =
  /か[。.!！…]*$|の[。.!！…]*$|教え|おしえ|ください|下さい|たい|どう|どこ|いつ|なに|何|方法|できる|でき(?:ます|ません)|ますか|でしょう|かな|\b(?:how|what|where|when|which|can|could|why|is there|do i|should)\b/;
const QUESTION_MARK = /[?？]/;

// What happened to the resident's own card or PIN: a report to act on, however it is worded
// (「3回間違えてロックされた、最悪」).
const PROBLEM_CONCEPTS = ['FORGET', 'LOCKED', 'WRONG', 'LOST'] as const;

/**
 * The message only vents about the service (「役所の対応最悪だった」「マイナ保険証ゴリ押しやめてほしい」
 * 「このボット全然役に立たんやん」): it judges, asks nothing, and reports nothing that happened to a
 * card or PIN. The topic's words in it (保険証, 窓口, 暗証番号が4つ) are the subject of the complaint,
 * not a question about them, so answering them reads as not listening.
 * Measured 2026-12-06 on every labelled set (dev, heldout*, the English sets; 13,937 lines): 14 lines
 * match, all labelled `none`. Held out (each of heldout35–48 left out of the classifier's training,
 * first turns through the policy): `none` 1,210 → 1,219 of 1,261, in-scope unchanged.
 *
 * @param written the message as the resident wrote it (PINs masked), for its question marks
 */
export function isComplaint(match: Pick<MatchResult, 'normalised' | 'concepts'>, written: string | undefined): boolean {
  // The concepts first: four set lookups spare most messages about a PIN the two regexes.
  if (reportsAProblem(match)) return false;
  if (!JUDGEMENT.test(match.normalised)) return false;
  return !asksSomething(match.normalised, written);
}

/** Something happened to the resident's card or PIN (forgotten, locked, wrong, lost). */
function reportsAProblem(match: Pick<MatchResult, 'concepts'>): boolean {
  return PROBLEM_CONCEPTS.some((c) => match.concepts.has(c));
}

/**
 * The message asks for something: a question word, a request, 「〜か」「〜の」 at the end, or a question
 * mark where it was written (normalisation drops it).
 */
export function asksSomething(normalised: string, written: string | undefined): boolean {
  return ASKS.test(normalised) || (written !== undefined && QUESTION_MARK.test(written));
}
