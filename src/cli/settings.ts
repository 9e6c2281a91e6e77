import dotenv from 'dotenv';
import { loadEnv, type Env } from '../config/env.js';
import { readBuildTable } from '../build-table.js';

/**
 * dist/settings-validated.json (scripts/snapshot-intents.mjs): what validating the settings gave at
 * build time for an environment that sets none of them, as a command without configuration runs
 * (`npx mynapin ask …` with no .env). Building the zod schema of ~45 variables to validate nothing
 * was ~5 ms of a cold ask (callgrind: 28 M of its ~450 M instructions). The validation depends on
 * the variables' values alone, and the schema is code shipped with the build, so the same values
 * always validate the same way; any variable set differently (a .env, LOG_LEVEL=debug) is
 * validated by zod as before.
 */
const STORED_URL = new URL('../settings-validated.json', import.meta.url);

/** The stored file: the schema's variable names, and the outputs by {@link settingsKey}. */
export interface StoredSettings {
  names: string[];
  outputs: Record<string, Env>;
}

/** The key of an environment's settings: the schema's variables it sets, with their values, in order. */
export function settingsKey(names: readonly string[], source: NodeJS.ProcessEnv): string {
  const set: [string, string][] = [];
  for (const name of names) {
    const value = source[name];
    if (value !== undefined) set.push([name, value]);
  }
  return JSON.stringify(set);
}

/** The build's output for these variables' values, or undefined (not built, or set otherwise). */
export function storedSettings(source: NodeJS.ProcessEnv, url: URL = STORED_URL): Env | undefined {
  const stored = readBuildTable<unknown>(url) as Partial<StoredSettings> | null;
  if (!stored || !Array.isArray(stored.names) || typeof stored.outputs !== 'object' || stored.outputs === null) return undefined;
  const key = settingsKey(stored.names, source);
  return Object.hasOwn(stored.outputs, key) ? stored.outputs[key] : undefined;
}

/**
 * Reads `.env` (when present; real environment variables win) and validates every setting.
 * `quietLogs`: CLI commands whose stdout is their output log only warnings unless LOG_LEVEL is set.
 */
export function loadSettings(options: { quietLogs?: boolean } = {}): Env {
  dotenv.config({ quiet: true });
  const source = { ...process.env };
  if (options.quietLogs && !source.LOG_LEVEL) source.LOG_LEVEL = 'warn';
  return storedSettings(source) ?? loadEnv(source);
}
