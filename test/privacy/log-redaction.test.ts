import { describe, expect, it } from 'vitest';
import { isValidMyNumber, percentDecode, redactForLog, SECRET_MASK } from '../../src/privacy/guard.js';

const MY_NUMBER = '314159265352';

describe('redactForLog: every secret form, in every place a log string comes from', () => {
  it.each([
    // paths, raw and percent-encoded (the access log)
    ['/x/1234/ABC12345', ['1234', 'ABC12345']],
    ['/nope/%E6%9A%97%E8%A8%BC%E7%95%AA%E5%8F%B7%E3%81%AF1234', ['1234']],
    ['/nope/%E6%9A%97%E8%A8%BC%E7%95%AA%E5%8F%B7%E3%81%AF%31%32%33%34', ['1234']],
    ['/a/%2531%2532%2533%2534/b', ['1234']],
    [`/u/${MY_NUMBER}`, [MY_NUMBER]],
    ['/u/3141-5926-5352', ['3141', '5926', '5352']],
    ['/u/3141%205926%205352', ['5926']],
    ['/u/３１４１５９２６５３５２', ['３１４１５９２６５３５２']],
    ['/p/%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94', ['１２３４']],
    ['/s/abc12345x', ['abc12345x']],
    // request ids
    ['pw_ABC12345', ['ABC12345']],
    ['req-1234-x', ['1234']],
    // conversation keys and platform ids
    [`web:c${MY_NUMBER}`, [MY_NUMBER]],
    [`line:U${MY_NUMBER}abcdefabcdefabcdefab`, [MY_NUMBER]],
    [`line:group:C${MY_NUMBER}abcdefabcdefabcdefab:Uaaaa`, [MY_NUMBER]],
    ['slack:T0TEST:ABC12345:U1', ['ABC12345']],
    ['slack:7305:7305:7305:im', ['7305']],
    ['line:UpwABC12345abcdef0123456789abcdef', ['ABC12345']],
    // the chat rules still hold in log text
    ['暗証番号は1234です', ['1234']],
    ['PIN: 0000', ['0000']],
  ])('%s', (text, secrets) => {
    const out = redactForLog(text);
    expect(out).toContain(SECRET_MASK);
    for (const secret of secrets) expect(out).not.toContain(secret);
    expect(percentDecode(out).normalize('NFKC')).not.toMatch(/ABC12345|314159265352/);
  });

  it('the test My Number is a real one (valid check digit)', () => {
    expect(isValidMyNumber(MY_NUMBER)).toBe(true);
  });

  it.each([
    '/api/chat',
    '/healthz',
    '/widget.js',
    'GET /',
    'web:550e8400-e29b-41d4-a716-446655440000',
    'line:Uabcdef0123456789abcdef0123456789',
    '01FZ74A0TDDPYRVKNK77XKC3ZR',
    'eventId 01FZ74A0TDDPYRVKNK77XKC3ZR-x',
    'listening on 127.0.0.1:3000 and [::1]:8080 now',
    'http://127.0.0.1:3000/',
    '2026-12-05T23:45:00.000Z',
    'at Object.<anonymous> (/work/main/dist/conversation/engine.js:1234:45)',
    'LINE reply failed; retrying',
    'x-slack-request-timestamp is more than 5 minutes from now',
    'ECONNRESET',
  ])('leaves ordinary log text as it is: %s', (text) => {
    expect(redactForLog(text)).toBe(text);
  });

  it('returns text without a digit or % unchanged (the fast path)', () => {
    const id = 'abcdef-ghijkl';
    expect(redactForLog(id)).toBe(id);
  });

  it('never throws on malformed percent sequences or invalid UTF-8', () => {
    for (const text of ['%', '%E6%9A', '/a/%zz/%E3%81', '%ff%fe%fd1234', '%%%%', '%C0%AF', `/%${'E6%9A%97'.repeat(1000)}`]) {
      expect(() => redactForLog(text)).not.toThrow();
    }
    expect(redactForLog('/a/%zz')).toBe('/a/%zz');
    expect(redactForLog('/x/%E6%9A/1234')).not.toContain('1234');
  });

  it('is idempotent: a redacted string is left as it is', () => {
    const once = redactForLog('/x/1234/ABC12345?pw=%31%32%33%34');
    expect(redactForLog(once)).toBe(once);
  });
});
