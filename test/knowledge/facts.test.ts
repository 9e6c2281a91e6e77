import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FACTS, UNVERIFIED_CLAIMS, findUnverifiedClaims, validateFacts, validatedAtBuild, validatedFactsJson, type Fact } from '../../src/knowledge/facts.js';
import { IntentFileError } from '../../src/errors.js';
import { REPO_ROOT } from '../helpers/paths.js';

describe('facts', () => {
  it('holds F1–F20, each checked 2026-11 with at least one source', () => {
    expect([...FACTS.keys()]).toEqual(Array.from({ length: 20 }, (_, i) => `F${i + 1}`));
    for (const fact of FACTS.values()) {
      expect(fact.checked).toBe('2026-11');
      expect(fact.sources.length).toBeGreaterThan(0);
      expect(fact.statement.length).toBeGreaterThan(10);
    }
  });

  it('marks the rules municipalities set themselves as varying', () => {
    const varying = [...FACTS.values()].filter((f) => f.variesByMunicipality).map((f) => f.id);
    expect(varying).toEqual(['F8', 'F9', 'F10']);
  });

  it('records what changed since the outdated article', () => {
    expect(FACTS.get('F6')?.status).toBe('changed');
    expect(FACTS.get('F12')?.status).toBe('changed');
    expect(FACTS.get('F15')?.status).toBe('changed');
  });
});

describe('unverified claims', () => {
  it('lists the three claims of facts.md "Not verified"', () => {
    expect(UNVERIFIED_CLAIMS.map((c) => c.id)).toEqual(['card_renewal_pins', 'next_generation_card', 'overseas_loss_number']);
  });

  it.each([
    ['10年ごとのカードの更新では、新しいカードの受け取り時に暗証番号を設定します。', 'card_renewal_pins'],
    ['カードの更新のときは暗証番号を引き継げます。', 'card_renewal_pins'],
    ['When you renew your card the PINs are set again.', 'card_renewal_pins'],
    ['マイナ保険証は顔認証で使えます。', undefined],
    ['次期マイナンバーカードではPUKでロックを解除できます。', 'next_generation_card'],
    ['新しいマイナンバーカードは2028年に始まります。', 'next_generation_card'],
    ['海外からは24時間、専用の番号で一時停止できます。', 'overseas_loss_number'],
    ['From overseas, call +81-50-3786-0178.', 'overseas_loss_number'],
  ])('catches %j', (text, id) => {
    const found = findUnverifiedClaims(text).map((c) => c.id);
    if (id) expect(found).toContain(id);
    else expect(found).toEqual([]);
  });

  it('does not flag the verified texts it is run against', () => {
    expect(findUnverifiedClaims('電子証明書の有効期限は、発行から5回目の誕生日です（カードの有効期限の方が早い場合はその日まで）。')).toEqual([]);
    expect(findUnverifiedClaims('マイナンバー総合フリーダイヤル 0120-95-0178 は24時間365日受付です。')).toEqual([]);
  });

  describe('validated at build time (dist/facts-validated.json)', () => {
    const facts = [...FACTS.values()];
    const edited = (change: Partial<Fact>): Fact[] => facts.map((f, i) => (i === 3 ? { ...f, ...change } : f));

    it('the build stored the facts as they are, so a start skips zod', () => {
      expect(readFileSync(join(REPO_ROOT, 'dist/facts-validated.json'), 'utf8')).toBe(validatedFactsJson());
      expect(validatedFactsJson()).toBe(JSON.stringify(facts));
    });

    it('takes the stored facts for these facts only: an edited fact, or no build, means zod', () => {
      const built = pathToFileURL(join(REPO_ROOT, 'dist/facts-validated.json'));
      expect(validatedAtBuild(facts, built)).toBe(true);
      expect(validatedAtBuild(edited({ checked: 'November' }), built)).toBe(false);
      expect(validatedAtBuild(edited({ statement: '別の要約です。' }), built)).toBe(false);
      expect(validatedAtBuild(facts, pathToFileURL(join(REPO_ROOT, 'dist/no-such-file.json')))).toBe(false);
    });

    it('an edited fact differs from the stored ones and is validated: a bad one stops start-up with its field', () => {
      const bad = edited({ checked: 'November' });
      expect(() => validateFacts(bad)).toThrow(IntentFileError);
      expect(() => validateFacts(bad)).toThrow('src/knowledge/facts.ts: FACT_DATA[3].checked: a month such as 2026-11');
      expect(() => validateFacts(edited({ id: 'F1' }))).toThrow('fact id "F1" appears twice');
      expect(validateFacts(edited({ statement: '別の要約です。' })).get('F4')?.statement).toBe('別の要約です。');
    });

    it('stores nothing for facts zod refuses or changes', () => {
      expect(validatedFactsJson(edited({ checked: 'November' }))).toBeUndefined();
      expect(validatedFactsJson(edited({ extra: 1 } as Partial<Fact>))).toBeUndefined();
    });

    it('gives the same facts whether zod ran or the build had', () => {
      expect(validateFacts(facts, true)).toEqual(validateFacts(facts, false));
    });
  });
});
