import type { Municipality } from './types.js';

/** Values of the municipality placeholders (see PLACEHOLDERS in src/intents/schema.ts). */
export interface MunicipalityTexts {
  municipality: string;
  office: string;
  contact: string;
}

const UNSET_MUNICIPALITY = 'お住まいの市区町村';
const UNSET_OFFICE = 'お住まいの市区町村の窓口（マイナンバーカード担当）';

function officeText({ name, office }: Municipality): string {
  if (!office) return name ? `${name}の窓口（マイナンバーカード担当）` : UNSET_OFFICE;
  // answers rely on {office} naming a counter (窓口); don't repeat what the setting already says
  const withName = name && !office.startsWith(name) ? `${name} ${office}` : office;
  return withName.endsWith('窓口') ? withName : `${withName}の窓口`;
}

function contactText(m: Municipality, municipality: string): string {
  const lines = [
    m.phone && `・電話: ${m.phone}`,
    m.hours && `・受付時間: ${m.hours}`,
    m.address && `・場所: ${m.address}`,
    m.url && `・案内ページ: ${m.url}`,
  ].filter(Boolean);
  if (lines.length > 0) return lines.join('\n');
  return `窓口の場所と受付時間は、${municipality}のホームページでご確認ください。`;
}

/**
 * How a language other than ja words the municipality placeholders: its `_defaults.yaml` (what they
 * say with nothing configured) and the templates of its `_ui.yaml` (`office_named`: 「{name}の窓口」
 * / "the {name} office"; `contact_phone` … `contact_url`: one contact line, with `{value}`).
 */
export interface LocaleWording {
  /** Use the MUNICIPALITY_*_EN values (English); otherwise the Japanese ones. */
  english?: boolean;
  defaults?: { municipality?: string; office?: string; contact?: string };
  templates?: { office_named?: string; contact_phone?: string; contact_hours?: string; contact_address?: string; contact_url?: string };
}

const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{([a-z]+)\}/g, (whole, key: string) => values[key] ?? whole);

/**
 * What `{municipality}`, `{office}` and `{contact}` become for a configured (or unset) municipality;
 * with `wording`, in another language (English uses the `_en` fields where set).
 */
export function municipalityTexts(m: Municipality = {}, wording?: LocaleWording): MunicipalityTexts {
  if (!wording) {
    const municipality = m.name ?? UNSET_MUNICIPALITY;
    return { municipality, office: officeText(m), contact: contactText(m, municipality) };
  }
  const { english = false, defaults = {}, templates = {} } = wording;
  const name = english ? (m.name_en ?? m.name) : m.name;
  const municipality = name ?? defaults.municipality ?? UNSET_MUNICIPALITY;
  let office: string;
  if (english && m.office_en) office = name && !m.office_en.includes(name) ? `${m.office_en} (${name})` : m.office_en;
  else if (m.office) office = english ? `${fill(templates.office_named ?? '{name}', { name: name ?? municipality })} (${officeText(m)})` : officeText(m);
  else if (name) office = templates.office_named ? fill(templates.office_named, { name }) : officeText(m);
  else office = defaults.office ?? UNSET_OFFICE;
  const hours = english ? (m.hours_en ?? m.hours) : m.hours;
  const address = english ? (m.address_en ?? m.address) : m.address;
  const line = (template: string | undefined, fallback: string, value: string | undefined) =>
    value ? fill(template ?? fallback, { value }) : undefined;
  const lines = [
    line(templates.contact_phone, '・電話: {value}', m.phone),
    line(templates.contact_hours, '・受付時間: {value}', hours),
    line(templates.contact_address, '・場所: {value}', address),
    line(templates.contact_url, '・案内ページ: {value}', m.url),
  ].filter(Boolean);
  const contact = lines.length > 0 ? lines.join('\n') : defaults.contact ? fill(defaults.contact, { municipality }) : contactText(m, municipality);
  return { municipality, office, contact };
}

/** Replaces each `{name}` that `values` defines; other placeholders are left for a later pass. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{([A-Za-z0-9]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}
