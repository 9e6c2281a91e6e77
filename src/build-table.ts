import { readFileSync } from 'node:fs';

/**
 * A table `npm run build` wrote beside `dist/` (scripts/snapshot-intents.mjs): a JSON object keyed
 * by what it was computed from. Null when there is none (running from src/ in tests, or before a
 * build): callers then compute what the table would have held.
 */
export function readBuildTable<T>(url: URL): Record<string, T> | null {
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as Record<string, T>;
  } catch {
    return null;
  }
}

/** Looks a key up in such a table, read on the first lookup (a cold start that never asks reads nothing). */
export function buildTableLookup<T>(url: URL): (key: string) => T | undefined {
  let table: Record<string, T> | null | undefined;
  return (key) => {
    if (table === undefined) table = readBuildTable<T>(url);
    return table && Object.hasOwn(table, key) ? table[key] : undefined;
  };
}
