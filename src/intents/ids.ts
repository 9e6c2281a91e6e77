/**
 * The intent ids of shared/intents.md. They are a public contract (classifier output, labelled
 * sets, benchmarks): add one only together with intents.md, never rename one.
 */
export const INTENT_IDS = [
  'pin_types',
  'forgot_pin',
  'forgot_signature_pin',
  'lockout_rules',
  'unlock_procedure',
  'proxy_procedure',
  'change_pin',
  'convenience_store',
  'health_insurance',
  'mynaportal',
  'pin_management',
  'office_contact',
  'lost_card',
  'certificate_renewal',
  'face_auth_card',
  'smartphone_certificate',
  'greeting',
  'thanks',
  'help',
  'none',
] as const;

export type IntentId = (typeof INTENT_IDS)[number];

export function isIntentId(value: unknown): value is IntentId {
  return typeof value === 'string' && (INTENT_IDS as readonly string[]).includes(value);
}
