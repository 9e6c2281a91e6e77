/**
 * A pattern for `secret` standing as a number of its own, not inside a longer run of digits.
 *
 * Log lines and API bodies carry clock readings (1796531234567), ports, process ids and Slack
 * timestamps, and any of those can hold four given digits by chance: CI once failed on a log line
 * whose time contained 1234. A leaked PIN or My Number is written next to words or punctuation, so
 * it still matches; a clock reading no longer does.
 */
export function asNumber(secret: string): RegExp {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![0-9０-９])${escaped}(?![0-9０-９])`);
}
