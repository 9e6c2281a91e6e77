/**
 * PLACEHOLDER — to be replaced by the privacy-guard implementation (issue 3).
 * Contract: scanSecrets never returns the secret itself; redactSecrets replaces every detected secret.
 */
export type SecretKind = 'my_number' | 'pin' | 'signature_pin';

export interface SecretScan {
  /** Kinds of secrets found in the text (empty when none). */
  kinds: SecretKind[];
  /** The text with every secret replaced by a mask such as ［番号］. */
  redacted: string;
}

export function scanSecrets(text: string): SecretScan {
  const redacted = redactSecrets(text);
  return { kinds: redacted === text ? [] : ['pin'], redacted };
}

export function redactSecrets(text: string): string {
  return text.replace(/[0-9０-９]{4,}/g, '［番号］');
}
