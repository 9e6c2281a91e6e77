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

/** What `{municipality}`, `{office}` and `{contact}` become for a configured (or unset) municipality. */
export function municipalityTexts(m: Municipality = {}): MunicipalityTexts {
  const municipality = m.name ?? UNSET_MUNICIPALITY;
  return { municipality, office: officeText(m), contact: contactText(m, municipality) };
}

/** Replaces each `{name}` that `values` defines; other placeholders are left for a later pass. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{([A-Za-z0-9]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}
