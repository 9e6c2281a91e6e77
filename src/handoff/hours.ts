/**
 * Staff office hours in a form the bot can compute with (`HANDOFF_HOURS`), always in Japan time.
 * MUNICIPALITY_HOURS stays free text for residents to read; this one tells the bot whether staff
 * are at their desks and when they will be next.
 *
 * Format: comma-separated `<days> <HH:MM>-<HH:MM>`, days `mon`…`sun` or a range `mon-fri`:
 * `mon-fri 08:30-17:15`, `mon-fri 08:30-17:15, sat 09:00-12:00`. National holidays are not known
 * to the bot (they would need a calendar it does not have).
 */

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_NAMES_JA = ['日', '月', '火', '水', '木', '金', '土'] as const;
// Japan has one time zone and no daylight saving time: Asia/Tokyo is always UTC+9.
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** One opening window: the weekdays it applies to (0 = Sunday) and its minutes after midnight. */
export interface OpeningWindow {
  days: ReadonlySet<number>;
  openMinute: number;
  closeMinute: number;
}

/** Parsed HANDOFF_HOURS. */
export interface OfficeHours {
  /** The setting as written (for logs and messages). */
  source: string;
  windows: readonly OpeningWindow[];
}

const SEGMENT = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;
const EXAMPLE = 'e.g. "mon-fri 08:30-17:15" or "mon-fri 08:30-17:15, sat 09:00-12:00" (Japan time)';

function dayIndex(name: string, segment: string): number {
  const index = (DAYS as readonly string[]).indexOf(name);
  if (index < 0) throw new Error(`"${segment}": "${name}" is not a day; use mon, tue, wed, thu, fri, sat or sun — ${EXAMPLE}`);
  return index;
}

function minuteOf(hours: string, minutes: string, segment: string): number {
  const h = Number(hours);
  const m = Number(minutes);
  if (h > 24 || m > 59 || (h === 24 && m > 0)) throw new Error(`"${segment}": ${hours}:${minutes} is not a time of day — ${EXAMPLE}`);
  return h * 60 + m;
}

/** Parses HANDOFF_HOURS; throws an Error whose message says what to write instead. */
export function parseOfficeHours(text: string): OfficeHours {
  const windows: OpeningWindow[] = [];
  for (const raw of text.split(',')) {
    const segment = raw.trim().toLowerCase();
    if (segment === '') continue;
    const m = SEGMENT.exec(segment);
    if (!m) throw new Error(`"${raw.trim()}" is not "<days> <HH:MM>-<HH:MM>" — ${EXAMPLE}`);
    const first = dayIndex(m[1]!, segment);
    const last = m[2] ? dayIndex(m[2], segment) : first;
    const days = new Set<number>();
    for (let d = first; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === last) break;
    }
    const openMinute = minuteOf(m[3]!, m[4]!, segment);
    const closeMinute = minuteOf(m[5]!, m[6]!, segment);
    if (closeMinute <= openMinute) throw new Error(`"${raw.trim()}": the closing time must be after the opening time — ${EXAMPLE}`);
    windows.push({ days, openMinute, closeMinute });
  }
  if (windows.length === 0) throw new Error(`no opening hours given — ${EXAMPLE}`);
  return { source: text.trim(), windows };
}

/** Whether staff are at their desks at `at` (epoch ms). */
export function isOpenAt(hours: OfficeHours, at: number): boolean {
  const local = at + JST_OFFSET_MS;
  const day = new Date(local).getUTCDay();
  const minute = Math.floor((local % DAY_MS) / 60_000);
  return hours.windows.some((w) => w.days.has(day) && minute >= w.openMinute && minute < w.closeMinute);
}

/** The next opening after `at` (epoch ms), or undefined if open now. */
export function nextOpening(hours: OfficeHours, at: number): number | undefined {
  if (isOpenAt(hours, at)) return undefined;
  const local = at + JST_OFFSET_MS;
  const midnight = local - (local % DAY_MS);
  let best: number | undefined;
  for (let offset = 0; offset <= 7; offset++) {
    const dayStart = midnight + offset * DAY_MS;
    const day = new Date(dayStart).getUTCDay();
    for (const w of hours.windows) {
      if (!w.days.has(day)) continue;
      const opens = dayStart + w.openMinute * 60_000;
      if (opens > local && (best === undefined || opens < best)) best = opens;
    }
    if (best !== undefined) break;
  }
  return best === undefined ? undefined : best - JST_OFFSET_MS;
}

/** `12月7日（月）8:30` in Japan time. */
export function formatJapaneseTime(at: number): string {
  const d = new Date(at + JST_OFFSET_MS);
  const minutes = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${DAY_NAMES_JA[d.getUTCDay()]}）${d.getUTCHours()}:${minutes}`;
}
