import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { loadMunicipality } from '../../src/config/municipality.js';
import { ConfigError } from '../../src/errors.js';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { municipalityTexts } from '../../src/knowledge/placeholders.js';

// The municipality config lives in src/config/ but only the knowledge base reads it: tested here.
const dir = mkdtempSync(join(tmpdir(), 'mynapin-municipality-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function configError(vars: Record<string, string>): string {
  try {
    loadMunicipality(loadEnv(vars));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadMunicipality', () => {
  it('leaves every field unset without configuration', () => {
    expect(loadMunicipality(loadEnv({}))).toEqual({});
  });

  it('reads the MUNICIPALITY_* variables', () => {
    const m = loadMunicipality(
      loadEnv({
        MUNICIPALITY_NAME: ' 名取市 ',
        MUNICIPALITY_OFFICE: '市民課',
        MUNICIPALITY_PHONE: '022-384-2111',
        MUNICIPALITY_HOURS: '平日 8:30〜17:15',
        MUNICIPALITY_ADDRESS: '宮城県名取市増田字柳田80',
        MUNICIPALITY_URL: 'https://www.city.natori.miyagi.jp/',
      }),
    );
    expect(m).toEqual({
      name: '名取市',
      office: '市民課',
      phone: '022-384-2111',
      hours: '平日 8:30〜17:15',
      address: '宮城県名取市増田字柳田80',
      url: 'https://www.city.natori.miyagi.jp/',
    });
  });

  it('reads a YAML file and lets each set variable override its field', () => {
    const path = file('city.yaml', 'name: 大崎市\noffice: 市民課\nphone: 0229-23-2111\n');
    const m = loadMunicipality(loadEnv({ MUNICIPALITY_CONFIG: path, MUNICIPALITY_PHONE: '0229-23-9999' }));
    expect(m).toEqual({ name: '大崎市', office: '市民課', phone: '0229-23-9999' });
  });

  it('reads a JSON file', () => {
    const path = file('city.json', JSON.stringify({ name: '鹿嶋市', url: 'https://city.kashima.ibaraki.jp/' }));
    expect(loadMunicipality(loadEnv({ MUNICIPALITY_CONFIG: path }))).toEqual({
      name: '鹿嶋市',
      url: 'https://city.kashima.ibaraki.jp/',
    });
  });

  it('names the variable of a value that is too long', () => {
    expect(configError({ MUNICIPALITY_NAME: 'あ'.repeat(21) })).toMatch(/MUNICIPALITY_NAME: .*at most 20 characters/);
  });

  it('names the file and field of a bad file value', () => {
    const path = file('bad.yaml', 'name: 名取市\nphone: call us\n');
    expect(configError({ MUNICIPALITY_CONFIG: path })).toMatch(/bad\.yaml: phone: a phone number such as 03-1234-5678/);
  });

  it('names an unknown field in the file', () => {
    const path = file('typo.yaml', 'nmae: 名取市\n');
    expect(configError({ MUNICIPALITY_CONFIG: path })).toMatch(/typo\.yaml: unknown field\(s\) nmae/);
    // The fields it may have, in order (read from the schema, which is built on first use).
    expect(configError({ MUNICIPALITY_CONFIG: path })).toContain('(allowed: name, office, address, hours, name_en, office_en, address_en, hours_en, phone, url)');
  });

  it('names MUNICIPALITY_CONFIG when the file is missing or not YAML', () => {
    expect(configError({ MUNICIPALITY_CONFIG: join(dir, 'nope.yaml') })).toMatch(/^MUNICIPALITY_CONFIG: cannot read/);
    const path = file('broken.yaml', 'name: [名取市\n');
    expect(configError({ MUNICIPALITY_CONFIG: path })).toMatch(/^MUNICIPALITY_CONFIG: .*broken\.yaml.* is not valid YAML/);
    const list = file('list.yaml', '- 名取市\n');
    expect(configError({ MUNICIPALITY_CONFIG: list })).toMatch(/must hold a mapping/);
  });

  it('rejects contact lines too long for one chat bubble, naming the variables to shorten', () => {
    expect(
      configError({ MUNICIPALITY_ADDRESS: 'あ'.repeat(60), MUNICIPALITY_HOURS: 'い'.repeat(50), MUNICIPALITY_URL: `https://example.jp/${'a'.repeat(95)}` }),
    ).toMatch(/MUNICIPALITY_HOURS, MUNICIPALITY_ADDRESS or MUNICIPALITY_URL/);
  });
});

describe('municipality placeholders', () => {
  it('falls back to 「お住まいの市区町村」 when nothing is configured', () => {
    expect(municipalityTexts({})).toEqual({
      municipality: 'お住まいの市区町村',
      office: 'お住まいの市区町村の窓口（マイナンバーカード担当）',
      contact: '窓口の場所と受付時間は、お住まいの市区町村のホームページでご確認ください。',
    });
  });

  it('builds the office from name and section without repeating either', () => {
    expect(municipalityTexts({ name: '名取市' }).office).toBe('名取市の窓口（マイナンバーカード担当）');
    expect(municipalityTexts({ name: '名取市', office: '市民課' }).office).toBe('名取市 市民課の窓口');
    expect(municipalityTexts({ name: '名取市', office: '名取市役所 市民課窓口' }).office).toBe('名取市役所 市民課窓口');
  });

  it('lists the configured contact lines', () => {
    const { contact } = municipalityTexts({ phone: '022-384-2111', url: 'https://www.city.natori.miyagi.jp/' });
    expect(contact).toBe('・電話: 022-384-2111\n・案内ページ: https://www.city.natori.miyagi.jp/');
  });

  it('puts the configured municipality into the answers', () => {
    const kb = loadKnowledge({ municipality: { name: '名取市', office: '市民課', phone: '022-384-2111' } });
    const contact = kb.answer('office_contact').text;
    expect(contact).toContain('名取市 市民課の窓口');
    expect(contact).toContain('022-384-2111');
    expect(contact).toContain('0120-95-0178');
    expect(kb.answer('lost_card').text).toContain('名取市 市民課の窓口に届け出ます');
    expect(loadKnowledge().answer('lost_card').text).toContain('お住まいの市区町村の窓口（マイナンバーカード担当）に届け出ます');
  });
});
