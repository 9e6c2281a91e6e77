import dotenv from 'dotenv';
import { loadEnv, type Env } from '../config/env.js';

/**
 * Reads `.env` (when present; real environment variables win) and validates every setting.
 * `quietLogs`: CLI commands whose stdout is their output log only warnings unless LOG_LEVEL is set.
 */
export function loadSettings(options: { quietLogs?: boolean } = {}): Env {
  dotenv.config({ quiet: true });
  const source = { ...process.env };
  if (options.quietLogs && !source.LOG_LEVEL) source.LOG_LEVEL = 'warn';
  return loadEnv(source);
}
