import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { yaml } from '../intents/yaml-lazy.js';
import { z } from 'zod';
import { safeParseOnce } from './parse-once.js';
import { lazySchema } from '../intents/lazy-schema.js';
import { ConfigError } from '../errors.js';
import type { Env } from './env.js';
import type { Municipality } from '../knowledge/types.js';
import { municipalityTexts } from '../knowledge/placeholders.js';

/** The contact lines (phone, hours, address, URL) together, so office_contact stays one bubble. */
export const MAX_CONTACT_CHARS = 180;

/**
 * Limits keep every answer within one chat bubble once the values are filled in
 * (test/knowledge checks the answers with a fully configured municipality).
 */
const text = (max: number, what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v ?? undefined),
    z
      .string({ message: `${what} (text, at most ${max} characters)` })
      .max(max, { message: `${what}: at most ${max} characters` })
      .optional(),
  );

// Built on first use: a start with no municipality settings validates nothing (see loadMunicipality).
const buildFields = () => ({
  name: text(20, 'the municipality name, e.g. 名取市'),
  office: text(30, 'the office and section, e.g. 市民課 マイナンバー係'),
  address: text(60, 'the office address'),
  hours: text(50, 'the opening hours, e.g. 平日 8:30〜17:15'),
  name_en: text(40, 'the municipality name in English, e.g. Natori City'),
  office_en: text(60, 'the office and section in English, e.g. Citizens Division, My Number desk'),
  address_en: text(100, 'the office address in English'),
  hours_en: text(60, 'the opening hours in English, e.g. Weekdays 8:30-17:15'),
  phone: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v ?? undefined),
    z
      .string({ message: 'a phone number such as 03-1234-5678' })
      .regex(/^[0-9０-９()（）+\- ]{6,20}$/, { message: 'a phone number such as 03-1234-5678' })
      .optional(),
  ),
  url: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v ?? undefined),
    z
      .url({ protocol: /^https?$/, message: 'an http(s) URL of the municipality page about the My Number Card' })
      .max(120, { message: 'an http(s) URL of at most 120 characters' })
      .optional(),
  ),
});

const municipalitySchema = lazySchema(() => z.strictObject(buildFields()));
type Field = keyof ReturnType<typeof buildFields>;
/** The fields, in the schema's order (for messages). */
const fieldNames = (): string[] => Object.keys(municipalitySchema.shape);

/** The environment variable of each field. */
export const MUNICIPALITY_ENV: Readonly<Record<Field, keyof Env>> = {
  name: 'MUNICIPALITY_NAME',
  office: 'MUNICIPALITY_OFFICE',
  address: 'MUNICIPALITY_ADDRESS',
  hours: 'MUNICIPALITY_HOURS',
  phone: 'MUNICIPALITY_PHONE',
  url: 'MUNICIPALITY_URL',
  name_en: 'MUNICIPALITY_NAME_EN',
  office_en: 'MUNICIPALITY_OFFICE_EN',
  address_en: 'MUNICIPALITY_ADDRESS_EN',
  hours_en: 'MUNICIPALITY_HOURS_EN',
};

function issuesToMessage(issues: readonly z.core.$ZodIssue[], nameOf: (field: string) => string): string {
  return issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `  ${nameOf('')}: unknown field(s) ${issue.keys.join(', ')} (allowed: ${fieldNames().join(', ')})`;
      }
      return `  ${nameOf(String(issue.path[0] ?? ''))}: ${issue.message}`;
    })
    .join('\n');
}

function readConfigFile(path: string): Record<string, unknown> {
  const file = resolve(path);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `MUNICIPALITY_CONFIG: cannot read ${file} (${(error as Error).message}); set it to an existing YAML or JSON file or unset it`,
      { cause: error },
    );
  }
  let data: unknown;
  try {
    data = yaml().parse(source); // JSON is valid YAML
  } catch (error) {
    const at = error instanceof yaml().YAMLError ? error.linePos?.[0] : undefined;
    throw new ConfigError(
      `MUNICIPALITY_CONFIG: ${file}${at ? ` line ${at.line}` : ''} is not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`,
      { cause: error },
    );
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(
      `MUNICIPALITY_CONFIG: ${file} must hold a mapping of ${fieldNames().join(', ')} (e.g. "name: 名取市")`,
    );
  }
  const parsed = safeParseOnce(municipalitySchema, data);
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid municipality file ${file} (MUNICIPALITY_CONFIG):\n${issuesToMessage(parsed.error.issues, (f) => (f ? `${file}: ${f}` : file))}`,
    );
  }
  return parsed.data;
}

/**
 * The municipality the bot speaks for. Fields come from the file named by `MUNICIPALITY_CONFIG`
 * (YAML or JSON with keys name, office, address, hours, phone, url), and each `MUNICIPALITY_*`
 * variable that is set overrides its field from the file, so one value can be changed per deployment.
 * Everything unset stays undefined: answers then say 「お住まいの市区町村」.
 * Throws a {@link ConfigError} naming the variable (or file and field) and what it should be.
 */
export function loadMunicipality(env: Env): Municipality {
  const fromFile = env.MUNICIPALITY_CONFIG ? readConfigFile(env.MUNICIPALITY_CONFIG) : {};
  const fromEnv: Record<string, unknown> = {};
  for (const [field, variable] of Object.entries(MUNICIPALITY_ENV)) {
    const value = env[variable];
    if (value !== undefined && value !== '') fromEnv[field] = value;
  }
  // With no variable set there is nothing to validate: every field is optional, so {} gives {}.
  const parsed = Object.keys(fromEnv).length === 0 ? { success: true as const, data: {} } : safeParseOnce(municipalitySchema, fromEnv);
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid municipality settings. Fix these in the environment or .env:\n${issuesToMessage(
        parsed.error.issues,
        (f) => MUNICIPALITY_ENV[f as Field] ?? 'MUNICIPALITY_*',
      )}`,
    );
  }
  const merged: Municipality = { ...fromFile };
  for (const [field, value] of Object.entries(parsed.data)) {
    if (value !== undefined) merged[field as Field] = value;
  }
  const { contact } = municipalityTexts(merged);
  if (contact.length > MAX_CONTACT_CHARS) {
    throw new ConfigError(
      `Municipality contact too long: phone, hours, address and url together make ${contact.length} characters; shorten MUNICIPALITY_HOURS, MUNICIPALITY_ADDRESS or MUNICIPALITY_URL (or the same fields of MUNICIPALITY_CONFIG) to at most ${MAX_CONTACT_CHARS} together so the answer fits one chat bubble`,
    );
  }
  return merged;
}
