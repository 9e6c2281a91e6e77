import { describe, expect, it } from 'vitest';
import { INTENT_IDS, type IntentId } from '../../src/intents/ids.js';
import { loadIntentFiles } from '../../src/intents/load.js';
import { FACTS, findUnverifiedClaims, loadKnowledge, type ComposedAnswer, type Municipality } from '../../src/knowledge/index.js';
import type { PinType } from '../../src/conversation/types.js';

/**
 * What a reply must contain when its intent is right (shared/eval/answer-checks.json): each inner
 * list holds alternatives, one must appear (after NFKC).
 */
const REQUIRED: Partial<Record<IntentId, string[][]>> = {
  pin_types: [['署名用'], ['4桁', '4ケタ', '数字4']],
  forgot_pin: [['窓口', '市役所', '区役所', '役場', '市区町村'], ['コンビニ', 'セブン']],
  forgot_signature_pin: [['JPKI'], ['24時間'], ['窓口', '市役所', '区役所', '役場', '市区町村']],
  lockout_rules: [['3回']],
  unlock_procedure: [['窓口', '市役所', '区役所', '役場', '市区町村'], ['本人確認', '身分証', '運転免許証', '顔写真']],
  proxy_procedure: [['照会'], ['委任状']],
  change_pin: [['マイナポータル']],
  convenience_store: [['6:30', '6時30分', '午前6時半'], ['23:00', '23時', '午後11時']],
  health_insurance: [['顔認証']],
  mynaportal: [['4桁', '4ケタ', '利用者証明用']],
  pin_management: [['他人', '人に', '誰にも', 'だれにも', '第三者']],
  office_contact: [['0120-95-0178']],
  lost_card: [['0120-95-0178'], ['24時間']],
  certificate_renewal: [['5回目の誕生日']],
  face_auth_card: [['保険証']],
  smartphone_certificate: [['Android', 'アンドロイド'], ['iPhone']],
};

/** Small talk and the decline may do without facts; every real answer states at least one. */
const NO_FACTS_NEEDED = new Set<IntentId>(['greeting', 'thanks', 'help', 'none']);

const MUNICIPALITIES: Record<string, Municipality | undefined> = {
  'no municipality': undefined,
  'name only': { name: '名取市' },
  'office that already says 窓口': { name: '鹿嶋市', office: '市民課マイナンバーカード窓口' },
  'fully configured': {
    name: '名取市',
    office: '市民課 マイナンバー係',
    phone: '022-384-2111',
    hours: '平日 8:30〜17:15',
    address: '宮城県名取市増田字柳田80',
    url: 'https://www.city.natori.miyagi.jp/soshiki/shiminseikatsu/shimin/page/node_55209',
  },
  // every field as long as loadMunicipality lets it be (contact lines together just under their cap)
  'longest allowed': {
    name: 'あいうえおかきくけこさしすせそたちつてと',
    office: '市民生活部 市民課 マイナンバーカード交付センター窓',
    phone: '(0120) 123-4567',
    hours: '平日 8:30〜17:15（第2・第4日曜日 9:00〜12:00）',
    address: '宮城県名取市増田字柳田80番地 名取市役所 本庁舎1階',
    url: 'https://www.city.example.lg.jp/soshiki/shiminka/mynumber/card/pin.html',
  },
};

const fold = (s: string) => s.normalize('NFKC');
const intents = loadIntentFiles();

/** Every context the knowledge base distinguishes, so every variant is exercised. */
function contextsFor(intent: IntentId): { name: string; context: { pinType?: PinType; wrongCount?: number } }[] {
  const pinTypes: (PinType | undefined)[] = ['four_digit', 'signature', 'unknown', undefined];
  const contexts = pinTypes.map((pinType) => ({ name: `pinType=${pinType}`, context: { pinType } }));
  if (intent === 'lockout_rules') {
    for (const pinType of pinTypes) {
      for (let wrongCount = 0; wrongCount <= 7; wrongCount++) {
        contexts.push({ name: `pinType=${pinType} wrongCount=${wrongCount}`, context: { pinType, wrongCount } as never });
      }
    }
  }
  return contexts;
}

/** Each sentence (ending in 。) is polite: です・ます style, questions and requests included. */
function impoliteSentences(text: string): string[] {
  let plain = text;
  // asides in （） are not sentences of their own
  while (/（[^（）]*）/.test(plain)) plain = plain.replace(/（[^（）]*）/g, '');
  return plain
    .split(/。/)
    .slice(0, -1)
    .map((s) => s.trim())
    .filter((s) => !/(です|ます|ません|ください|でしょうか|ました|でした)$/.test(s) && !/^(こんにちは|どういたしまして)$/.test(s));
}

describe.each(Object.entries(MUNICIPALITIES))('answers with %s', (_label, municipality) => {
  const kb = loadKnowledge({ municipality });

  describe.each(INTENT_IDS.map((id) => [id]))('%s', (intent) => {
    const answers: [string, ComposedAnswer][] = contextsFor(intent).map(({ name, context }) => [
      name,
      kb.answer(intent, context),
    ]);

    it.each(answers)('holds every rule (%s)', (_name, answer) => {
      const text = fold(answer.text);
      for (const group of REQUIRED[intent] ?? []) {
        expect(group.some((alt) => text.includes(fold(alt))), `needs one of ${group.join(' | ')}:\n${answer.text}`).toBe(true);
      }
      expect(answer.text.length, answer.text).toBeLessThanOrEqual(400);
      expect(answer.text).not.toMatch(/\{[A-Za-z0-9]*\}/);
      expect(impoliteSentences(answer.text), answer.text).toEqual([]);
      expect(findUnverifiedClaims(answer.text).map((c) => c.id)).toEqual([]);
      for (const id of answer.facts) expect(FACTS.has(id), id).toBe(true);
      if (!NO_FACTS_NEEDED.has(intent)) expect(answer.facts.length).toBeGreaterThanOrEqual(1);
      if (answer.facts.some((id) => FACTS.get(id)?.variesByMunicipality)) {
        expect(answer.text, 'a varying rule must say that municipalities differ').toMatch(/市区町村によって異なります/);
      }
      expect(answer.suggestions.length).toBeGreaterThanOrEqual(2);
      expect(answer.suggestions.length).toBeLessThanOrEqual(4);
      for (const suggestion of answer.suggestions) {
        expect(suggestion.intent).not.toBe(intent);
        expect(suggestion).toEqual(kb.suggestion(suggestion.intent));
      }
    });
  });

  it('selects every variant written in the intent files from some context', () => {
    for (const intent of intents) {
      const selected = new Set(contextsFor(intent.id).map(({ context }) => kb.answer(intent.id, context).variant));
      selected.delete(undefined);
      expect([...selected].sort(), intent.id).toEqual(Object.keys(intent.answer.variants ?? {}).sort());
    }
  });

  it('points varying rules to the configured municipality', () => {
    const name = municipality?.name;
    if (!name) return;
    for (const intent of ['convenience_store', 'proxy_procedure', 'unlock_procedure'] as const) {
      expect(kb.answer(intent).text).toContain(name);
    }
    expect(kb.answer('office_contact').text).toContain(name);
  });
});

describe('messages', () => {
  const kb = loadKnowledge();
  const keys = ['which_pin', 'privacy_warning', 'non_text', 'follow', 'empty', 'too_long', 'error', 'unsure'] as const;

  it.each(keys.map((k) => [k]))('%s is a short polite text with valid facts and suggestions', (key) => {
    const message = kb.message(key);
    expect(message.text.length).toBeGreaterThan(0);
    expect(message.text.length).toBeLessThanOrEqual(400);
    expect(impoliteSentences(message.text), message.text).toEqual([]);
    expect(message.text).not.toMatch(/\{[A-Za-z0-9]*\}/);
    expect(findUnverifiedClaims(message.text)).toEqual([]);
    for (const id of message.facts) expect(FACTS.has(id)).toBe(true);
    expect(message.suggestions.length).toBeLessThanOrEqual(4);
    for (const s of message.suggestions) expect([...s.label].length).toBeLessThanOrEqual(20);
  });

  it('asks which PIN with the three choices 4桁 / 署名用 / わからない', () => {
    const labels = kb.message('which_pin').suggestions.map((s) => s.label);
    expect(labels).toHaveLength(3);
    expect(labels[0]).toContain('4桁');
    expect(labels[1]).toContain('署名用');
    expect(labels[2]).toContain('わからない');
  });

  it('tells the user nobody needs their PIN on first contact and in the privacy warning', () => {
    expect(kb.message('follow').text).toMatch(/誰にも/);
    expect(kb.message('privacy_warning').text).toMatch(/誰にも/);
  });

  it.each([['greeting'], ['thanks'], ['help']] as const)('%s tells the user nobody needs their PIN', (intent) => {
    expect(kb.answer(intent).text).toMatch(/誰にも伝える必要はありません/);
  });
});

describe('suggestions', () => {
  const kb = loadKnowledge();

  it.each(INTENT_IDS.map((id) => [id]))('%s has a button label of at most 20 characters', (intent) => {
    const suggestion = kb.suggestion(intent);
    expect(suggestion.intent).toBe(intent);
    expect([...suggestion.label].length).toBeLessThanOrEqual(20);
    expect(suggestion.text.length).toBeGreaterThan(0);
  });

  it('a caller cannot change the next answer (suggestions are frozen, shared so the web server encodes each once; the arrays are copies)', () => {
    const first = kb.answer('forgot_pin');
    expect(() => {
      first.suggestions[0]!.label = 'changed';
    }).toThrow(TypeError);
    first.suggestions.pop();
    first.facts.push('F99');
    const again = kb.answer('forgot_pin');
    expect(again.suggestions[0]!.label).not.toBe('changed');
    expect(again.suggestions.length).toBe(first.suggestions.length + 1);
    expect(again.facts).not.toContain('F99');
  });
});
