import type { IntentId } from '../intents/ids.js';
import { dayOf } from './database.js';
import type { ReportData } from './queries.js';

/** Intent id → a label staff know (the suggestion button's), for the report. */
export type IntentLabels = Partial<Record<IntentId, string>>;

const REASON_LABELS = {
  none: '回答できず (none)',
  clarified_twice: '2回続けて聞き返し',
  handoff: '担当者へ引き継ぎ',
  unhelpful: '「役に立たなかった」',
} as const;

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const when = (at: number) => new Date(at + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const label = (labels: IntentLabels, id: IntentId) => (labels[id] ? `${id} (${labels[id]})` : id);

function periodOf(data: ReportData): string {
  return `${dayOf(data.since)} – ${dayOf(data.until)}`;
}

/** Every day of the period, oldest first (days without turns included). */
export function daysOf(data: ReportData): string[] {
  const days: string[] = [];
  for (let at = data.since; dayOf(at) <= dayOf(data.until); at += 86_400_000) days.push(dayOf(at));
  if (days.at(-1) !== dayOf(data.until)) days.push(dayOf(data.until));
  return [...new Set(days)];
}

function summaryRows(data: ReportData): Array<[string, string]> {
  return [
    ['質問数 (turns)', String(data.turns)],
    ['回答率 (answered rate)', pct(data.answeredRate)],
    ['none 率', pct(data.noneRate)],
    ['聞き返し (clarifications)', String(data.clarifying)],
    ['担当者への引き継ぎ (hand-offs)', `${data.handoffs.opened}（FAQで回答 ${data.handoffs.faqAnswered}、終了 ${data.handoffs.closed}）`],
    ['フィードバック 役に立った / 役に立たなかった', `${data.feedback.helpful} / ${data.feedback.unhelpful}`],
    ['記録された未回答の質問', String(Object.values(data.logged).reduce((a, b) => a + b, 0))],
    ['レビュー済み', String(data.reviewed)],
  ];
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/** The weekly report as Markdown. */
export function reportMarkdown(data: ReportData, labels: IntentLabels = {}): string {
  const out: string[] = [`# mynapin report ${periodOf(data)}`, '', '| | |', '|---|---|'];
  for (const [k, v] of summaryRows(data)) out.push(`| ${k} | ${v} |`);
  out.push('', '## 記録の理由', '', '| reason | count |', '|---|---|');
  for (const [reason, n] of Object.entries(data.logged)) out.push(`| ${REASON_LABELS[reason as keyof typeof REASON_LABELS]} | ${n} |`);
  out.push('', '## Intent ごとの質問数', '', '| intent | turns |', '|---|---|');
  for (const r of data.perIntent) out.push(`| ${mdCell(label(labels, r.intent))} | ${r.turns} |`);
  if (data.feedback.byIntent.length) {
    out.push('', '## フィードバック', '', '| intent | 役に立った | 役に立たなかった |', '|---|---|---|');
    for (const f of data.feedback.byIntent) out.push(`| ${mdCell(label(labels, f.intent))} | ${f.helpful} | ${f.unhelpful} |`);
  }
  out.push('', '## よくある未回答の質問', '', '| # | 回数 | 質問（マスク済み） | 理由 | ボットの推定 | 最終 |', '|---|---|---|---|---|---|');
  data.top.forEach((g, i) => {
    const guesses = g.guesses.map((x) => `${x.intent} ${x.confidence.toFixed(2)}`).join(', ');
    out.push(`| ${i + 1} | ${g.count} | ${mdCell(g.maskedText)} | ${g.reasons.join(', ')} | ${guesses} | ${when(g.lastAt)} |`);
  });
  if (data.top.length === 0) out.push('| – | 0 | （なし） | | | |');
  out.push('', '`mynapin review` で未回答の質問に正しい intent を付けると、ボットが学習します。', '');
  return out.join('\n');
}

/** RFC 4180 quoting; a cell that a spreadsheet would run as a formula is prefixed with '. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = ['section', 'day', 'intent', 'metric', 'value', 'text'] as const;

/** The report as one CSV table (section, day, intent, metric, value, text): filter by section. */
export function reportCsv(data: ReportData): string {
  const rows: Array<Array<string | number>> = [[...CSV_HEADER]];
  const add = (section: string, day: string, intent: string, metric: string, value: string | number, text = '') =>
    rows.push([section, day, intent, metric, value, text]);
  add('summary', '', '', 'turns', data.turns);
  add('summary', '', '', 'answered', data.answered);
  add('summary', '', '', 'answered_rate', data.answeredRate === null ? '' : data.answeredRate.toFixed(4));
  add('summary', '', '', 'none', data.none);
  add('summary', '', '', 'none_rate', data.noneRate === null ? '' : data.noneRate.toFixed(4));
  add('summary', '', '', 'clarifications', data.clarifying);
  add('summary', '', '', 'handoffs', data.handoffs.opened);
  add('summary', '', '', 'faq_answered', data.handoffs.faqAnswered);
  add('summary', '', '', 'feedback_helpful', data.feedback.helpful);
  add('summary', '', '', 'feedback_unhelpful', data.feedback.unhelpful);
  add('summary', '', '', 'reviewed', data.reviewed);
  for (const [reason, n] of Object.entries(data.logged)) add('logged', '', '', reason, n);
  for (const r of data.perIntent) add('intent', '', r.intent, 'turns', r.turns);
  for (const d of data.perDay) for (const [intent, n] of Object.entries(d.byIntent)) add('day', d.day, intent, 'turns', n);
  for (const f of data.feedback.byIntent) {
    add('feedback', '', f.intent, 'helpful', f.helpful);
    add('feedback', '', f.intent, 'unhelpful', f.unhelpful);
  }
  for (const g of data.top) add('unanswered', dayOf(g.lastAt), g.guesses[0]?.intent ?? '', g.reasons.join(' '), g.count, g.maskedText);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

// Colour-blind-safe palette (Okabe–Ito) plus greys; the rest of the intents share "other".
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const OTHER_COLOUR = '#BBBBBB';
const NONE_COLOUR = '#888888';

/** An inline SVG stacked bar chart of turns per day by intent (the 8 most asked, `none`, other). */
export function intentsPerDaySvg(data: ReportData, labels: IntentLabels = {}): string {
  const days = daysOf(data);
  const byDay = new Map(data.perDay.map((d) => [d.day, d]));
  const shown = data.perIntent.map((r) => r.intent).filter((i) => i !== 'none').slice(0, PALETTE.length);
  const series: Array<{ key: string; name: string; colour: string; value: (d: ReportData['perDay'][number] | undefined) => number }> = [
    ...shown.map((intent, i) => ({ key: intent, name: label(labels, intent), colour: PALETTE[i]!, value: (d: ReportData['perDay'][number] | undefined) => d?.byIntent[intent] ?? 0 })),
    { key: 'none', name: 'none（回答できず）', colour: NONE_COLOUR, value: (d) => d?.byIntent.none ?? 0 },
    {
      key: 'other', name: 'その他', colour: OTHER_COLOUR,
      value: (d) => (d ? d.total - shown.reduce((n, i) => n + (d.byIntent[i] ?? 0), 0) - (d.byIntent.none ?? 0) : 0),
    },
  ];
  // Gridlines at round numbers: a step of 1, 2 or 5 × 10^k, about four of them.
  const highest = Math.max(1, ...days.map((day) => byDay.get(day)?.total ?? 0));
  const rough = highest / 4;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude);
  const max = Math.ceil(highest / step) * step;
  const W = 760, H = 300, left = 48, bottom = 40, top = 16, legendW = 0;
  const plotW = W - left - 16 - legendW, plotH = H - top - bottom;
  const slot = plotW / days.length;
  const barW = Math.max(4, Math.min(48, slot * 0.7));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  for (let v = 0; v <= max; v += step) {
    parts.push(`<line x1="${left}" x2="${W - 16}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${v}</text>`);
  }
  days.forEach((day, i) => {
    const d = byDay.get(day);
    const x = left + i * slot + (slot - barW) / 2;
    let base = 0;
    for (const s of series) {
      const v = s.value(d);
      if (v <= 0) continue;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(base) - y(base + v)).toFixed(1)}" fill="${s.colour}"><title>${esc(`${day} ${s.name}: ${v}`)}</title></rect>`,
      );
      base += v;
    }
    parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle" font-size="11">${esc(day.slice(5))}</text>`);
  });
  const legend = series
    .filter((s) => days.some((day) => s.value(byDay.get(day)) > 0))
    .map((s) => `<li><span class="swatch" style="background:${s.colour}"></span>${esc(s.name)}</li>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Intent ごとの質問数（日別）">` +
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#999"/>${parts.join('')}</svg>` +
    `<ul class="legend">${legend}</ul>`
  );
}

/** The report as one self-contained HTML page: inline CSS and SVG, no script, no external asset. */
export function reportHtml(data: ReportData, labels: IntentLabels = {}): string {
  const table = (head: string[], rows: string[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const cards = summaryRows(data)
    .map(([k, v]) => `<div class="card"><div class="k">${esc(k)}</div><div class="v">${esc(v)}</div></div>`)
    .join('');
  const top = data.top.map((g, i) => [
    String(i + 1),
    String(g.count),
    g.maskedText,
    g.reasons.map((r) => REASON_LABELS[r]).join('、'),
    g.guesses.map((x) => `${x.intent} ${x.confidence.toFixed(2)}`).join(', '),
    when(g.lastAt),
  ]);
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>mynapin report ${esc(periodOf(data))}</title>
<style>
body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;margin:24px auto;max-width:960px;padding:0 16px;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:4px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:8px}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 10px}.k{font-size:.8rem;color:#555}.v{font-size:1.3rem;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
td:nth-child(2){white-space:nowrap}.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85rem}
.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px;border-radius:2px}
.note{color:#555;font-size:.85rem}
</style></head><body>
<h1>mynapin report <small>${esc(periodOf(data))}</small></h1>
<div class="cards">${cards}</div>
<h2>Intent ごとの質問数（日別）</h2>
${intentsPerDaySvg(data, labels)}
<h2>よくある未回答の質問</h2>
${top.length ? table(['#', '回数', '質問（マスク済み）', '理由', 'ボットの推定', '最終 (JST)'], top) : '<p>（なし）</p>'}
<h2>Intent ごとの質問数</h2>
${table(['intent', 'turns'], data.perIntent.map((r) => [label(labels, r.intent), String(r.turns)]))}
${data.feedback.byIntent.length ? `<h2>フィードバック</h2>${table(['intent', '役に立った', '役に立たなかった'], data.feedback.byIntent.map((f) => [label(labels, f.intent), String(f.helpful), String(f.unhelpful)]))}` : ''}
<p class="note">質問文は暗証番号・マイナンバーをマスクした後の文だけを記録しています。利用者 ID は記録していません。<code>mynapin review</code> で正しい intent を付けるとボットが学習します。</p>
</body></html>
`;
}
