import { readFileSync } from 'node:fs';
import type { Bot } from '../bot.js';
import { INTENT_IDS, isIntentId, type IntentId } from '../intents/ids.js';

export interface LabelledExample {
  intent: IntentId;
  text: string;
  line: number;
}

/** Reads a labelled TSV (header `intent<TAB>text`); unknown intent ids are reported with their line. */
export function readLabelledTsv(file: string): LabelledExample[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const examples: LabelledExample[] = [];
  lines.slice(1).forEach((raw, i) => {
    if (!raw.trim()) return;
    const tab = raw.indexOf('\t');
    const intent = tab < 0 ? '' : raw.slice(0, tab).trim();
    if (!isIntentId(intent)) {
      throw new Error(`${file}:${i + 2}: "${intent}" is not an intent id (expected "intent<TAB>text")`);
    }
    examples.push({ intent, text: raw.slice(tab + 1), line: i + 2 });
  });
  return examples;
}

/** Checks of answer-checks.json: per intent, groups of alternatives one of which the reply must contain. */
type AnswerChecks = Partial<Record<IntentId, string[][]>>;

export interface EvalReport {
  n: number;
  accuracy: number;
  inScopeAccuracy: number;
  noneAccuracy: number | undefined;
  falseAnswers: number;
  perIntent: Array<{ intent: IntentId; support: number; precision: number; recall: number; f1: number }>;
  confusions: Array<{ want: IntentId; got: IntentId; text: string; confidence: number }>;
  factMisses: Array<{ intent: IntentId; missing: string[]; text: string }>;
}

/** Scores the bot on labelled examples, each as a fresh conversation (as `classify` does). */
export async function evaluate(bot: Bot, examples: LabelledExample[], checks: AnswerChecks = {}): Promise<EvalReport> {
  const fold = (s: string) => s.normalize('NFKC');
  const tp = new Map<IntentId, number>();
  const predicted = new Map<IntentId, number>();
  const support = new Map<IntentId, number>();
  const confusions: EvalReport['confusions'] = [];
  const factMisses: EvalReport['factMisses'] = [];
  let right = 0, inScope = 0, inScopeRight = 0, none = 0, noneRight = 0, falseAnswers = 0;
  let i = 0;
  for (const ex of examples) {
    const key = `cli:eval:${i++}`;
    const reply = await bot.engine.respond({ conversationKey: key, text: ex.text });
    await bot.engine.forget(key);
    support.set(ex.intent, (support.get(ex.intent) ?? 0) + 1);
    predicted.set(reply.intent, (predicted.get(reply.intent) ?? 0) + 1);
    const ok = reply.intent === ex.intent;
    if (ok) {
      right++;
      tp.set(ex.intent, (tp.get(ex.intent) ?? 0) + 1);
      const missing = (checks[ex.intent] ?? []).filter((group) => !group.some((alt) => fold(reply.text).includes(fold(alt))));
      if (missing.length) factMisses.push({ intent: ex.intent, missing: missing.map((g) => g.join('|')), text: ex.text });
    } else {
      confusions.push({ want: ex.intent, got: reply.intent, text: ex.text, confidence: reply.confidence });
    }
    if (ex.intent === 'none') {
      none++;
      if (ok) noneRight++;
    } else {
      inScope++;
      if (ok) inScopeRight++;
    }
    if (ex.intent === 'none' && reply.intent !== 'none') falseAnswers++;
  }
  const perIntent = INTENT_IDS.filter((id) => support.has(id) || predicted.has(id)).map((intent) => {
    const t = tp.get(intent) ?? 0;
    const p = predicted.get(intent) ?? 0;
    const s = support.get(intent) ?? 0;
    const precision = p ? t / p : 0;
    const recall = s ? t / s : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { intent, support: s, precision, recall, f1 };
  });
  return {
    n: examples.length,
    accuracy: examples.length ? right / examples.length : 0,
    inScopeAccuracy: inScope ? inScopeRight / inScope : 0,
    noneAccuracy: none ? noneRight / none : undefined,
    falseAnswers,
    perIntent,
    confusions,
    factMisses,
  };
}

/** Renders the report as text, like Rasa's `test nlu` summary. */
export function formatReport(report: EvalReport): string {
  const pct = (x: number) => x.toFixed(3);
  const lines = [
    `${'intent'.padEnd(24)}${'support'.padStart(8)}${'precision'.padStart(11)}${'recall'.padStart(8)}${'f1'.padStart(7)}`,
    ...report.perIntent.map(
      (r) => `${r.intent.padEnd(24)}${String(r.support).padStart(8)}${pct(r.precision).padStart(11)}${pct(r.recall).padStart(8)}${pct(r.f1).padStart(7)}`,
    ),
  ];
  if (report.confusions.length) {
    lines.push('', 'confusions (want -> got, confidence):');
    for (const c of report.confusions) lines.push(`  ${c.want} -> ${c.got} (${c.confidence.toFixed(2)})\t${c.text}`);
  }
  if (report.factMisses.length) {
    lines.push('', 'answers missing required facts:');
    for (const m of report.factMisses) lines.push(`  ${m.intent}: lacks ${m.missing.join(' & ')}\t${m.text}`);
  }
  lines.push(
    '',
    `accuracy ${pct(report.accuracy)} in-scope ${pct(report.inScopeAccuracy)} none ${report.noneAccuracy === undefined ? 'n/a' : pct(report.noneAccuracy)} ` +
      `false-answers ${report.falseAnswers} fact-misses ${report.factMisses.length} n=${report.n}`,
  );
  return lines.join('\n');
}

/** `mynapin eval FILE.tsv [--checks answer-checks.json] [--json]`. Exit 0 always when it could score. */
export async function runEval(bot: Bot, file: string, checksFile: string | undefined, json: boolean): Promise<number> {
  const examples = readLabelledTsv(file);
  const checks = checksFile ? (JSON.parse(readFileSync(checksFile, 'utf8')) as AnswerChecks) : {};
  const report = await evaluate(bot, examples, checks);
  process.stdout.write(`${json ? JSON.stringify(report) : formatReport(report)}\n`);
  return 0;
}
