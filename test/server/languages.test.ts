import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat, request, startTestServer, type TestServer } from './helpers.js';

const JAPANESE = /[ぁ-ん]{3}/;

/** The web chat's language over real HTTP: `lang` in /api/chat, the page strings of /api/chat/ui. */
describe('web chat languages', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s.close();
  });

  it('GET /api/chat/ui?lang=en gives English page strings, first chips and the language switch', async () => {
    const res = await request(s.base, '/api/chat/ui?lang=en');
    expect(res.status).toBe(200);
    const body = res.json<{ lang: string; strings: Record<string, string>; starters: { label: string; text: string }[]; languages: { lang: string; name: string }[] }>();
    expect(body.lang).toBe('en');
    expect(body.strings.send).toBe('Send');
    expect(body.strings.html_lang).toBe('en');
    expect(body.strings.privacy_note).toMatch(/PIN/);
    expect(body.starters.length).toBeGreaterThanOrEqual(4);
    for (const chip of body.starters) expect(chip.label + chip.text).not.toMatch(JAPANESE);
    expect(body.languages).toEqual(
      expect.arrayContaining([
        { lang: 'ja', name: '日本語' },
        { lang: 'en', name: 'English' },
        { lang: 'ja-easy', name: 'やさしい日本語' },
      ]),
    );
  });

  it('an unknown or missing ?lang= gives the Japanese strings', async () => {
    for (const path of ['/api/chat/ui', '/api/chat/ui?lang=xx', '/api/chat/ui?lang=%00']) {
      const body = (await request(s.base, path)).json<{ lang: string; strings: Record<string, string> }>();
      expect(body.lang).toBe('ja');
      expect(body.strings.send).toBe('送信');
    }
  });

  it('the page set to English (?lang=en) answers a message without language signal in English', async () => {
    const res = await chat(s.base, { conversationId: 'lang-1', text: '😀', lang: 'en' });
    expect(res.status).toBe(200);
    const body = res.json<{ reply: string; lang: string }>();
    expect(body.lang).toBe('en');
    expect(body.reply).not.toMatch(JAPANESE);
  });

  it('a Japanese message on the English page is answered in Japanese, and reports it so the page switches', async () => {
    const body = (await chat(s.base, { conversationId: 'lang-2', text: '暗証番号を忘れました', lang: 'en' })).json<{ reply: string; lang: string }>();
    expect(body.lang).toBe('ja');
    expect(body.reply).toMatch(/暗証番号/);
  });

  it('the switch: the same conversation follows the language the page sends', async () => {
    const first = (await chat(s.base, { conversationId: 'lang-3', text: 'I forgot my PIN', lang: 'ja' })).json<{ reply: string; lang: string; suggestions: { label: string }[] }>();
    expect(first.lang).toBe('en');
    expect(first.suggestions.map((x) => x.label).join(' ')).not.toMatch(JAPANESE);
    const easy = (await chat(s.base, { conversationId: 'lang-3', text: '4桁の暗証番号です', lang: 'ja-easy' })).json<{ reply: string; lang: string }>();
    expect(easy.lang).toBe('ja-easy');
    expect(easy.reply).toMatch(/（[ぁ-ん]+）/);
  });

  it('the やさしい日本語 chip of a long answer switches the conversation', async () => {
    const long = (await chat(s.base, { conversationId: 'lang-4', text: 'ロックを解除するには何が必要ですか' })).json<{ lang: string; suggestions: { label: string; text: string }[] }>();
    expect(long.lang).toBe('ja');
    const chip = long.suggestions.find((x) => x.text === 'やさしい日本語で');
    expect(chip).toBeDefined();
    const easy = (await chat(s.base, { conversationId: 'lang-4', text: chip!.text })).json<{ reply: string; lang: string; intent: string }>();
    expect(easy.lang).toBe('ja-easy');
    expect(easy.intent).toBe('unlock_procedure');
    expect(easy.reply).toMatch(/（[ぁ-ん]+）/);
  });

  it('a lang that is not a short code is refused with 400', async () => {
    const res = await chat(s.base, { conversationId: 'lang-5', text: 'hello', lang: 'x'.repeat(50) });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/lang/);
  });

  it('the page has the language switch and its script sends the language; the widget passes data-lang', async () => {
    const page = (await request(s.base, '/')).body;
    expect(page).toMatch(/<select id="lang">/);
    const script = (await request(s.base, '/chat.js')).body;
    expect(script).toContain('api/chat/ui?lang=');
    expect(script).toContain('lang: currentLang');
    const widget = (await request(s.base, '/widget.js')).body;
    expect(widget).toContain("getAttribute('data-lang')");
  });
});
