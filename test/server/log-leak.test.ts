import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidMyNumber, percentDecode } from '../../src/privacy/guard.js';
import { startFakeLineApi, type FakeLineApi } from '../helpers/fake-line-api.js';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.js';

// Every secret form, through every field a request has, into the BUILT server at LOG_LEVEL=trace;
// then all of its stdout and stderr is searched for each secret, in every encoding.
const cli = process.env.MYNAPIN_TEST_CLI ?? fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const haveBuild = existsSync(cli);
if (!haveBuild && process.env.CI) throw new Error('dist/ is not built: run npm run build first');

const MY_NUMBER = '314159265352';
const PIN = '7305';
const SIGNATURE = 'ABC12345';
const LINE_SECRET = 'leak-line-secret';
const LINE_TOKEN = 'leak-line-token';
const SLACK_SECRET = 'leak-slack-signing-secret';

const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const percentAll = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** Each secret written the ways a person or a client might. */
const FORMS: string[] = [
  MY_NUMBER,
  fullWidth(MY_NUMBER),
  '3141-5926-5352',
  '3141 5926 5352',
  `c${MY_NUMBER}`,
  `暗証番号は${PIN}`,
  `暗証番号は${fullWidth(PIN)}`,
  `pin=${PIN}`,
  SIGNATURE,
  `pw_${SIGNATURE}`,
  fullWidth(SIGNATURE),
];
/** Header values and request ids must be ASCII. */
const ASCII_FORMS = [MY_NUMBER, '3141-5926-5352', `c${MY_NUMBER}`, PIN, `pin=${PIN}`, SIGNATURE, `pw_${SIGNATURE}`, encodeURIComponent(`暗証番号は${PIN}`)];

interface Sent {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  error?: string;
}

function send(port: number, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Sent> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(init.body);
  });
}

describe.skipIf(!haveBuild)('no secret form reaches stdout or stderr, from any field (LOG_LEVEL=trace, built server)', { timeout: 90_000 }, () => {
  let output = '';
  let line: FakeLineApi;
  let slack: FakeSlackApi;
  const echoedIds: string[] = [];
  let answeredLine = 0;
  let answeredSlack = 0;

  beforeAll(async () => {
    expect(isValidMyNumber(MY_NUMBER)).toBe(true);
    line = await startFakeLineApi({ channelAccessToken: LINE_TOKEN });
    slack = await startFakeSlackApi();
    const proc = spawn(process.execPath, [cli, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'trace',
        CHAT_RATE_LIMIT_PER_MINUTE: '100000',
        LINE_CHANNEL_SECRET: LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
        LINE_API_BASE_URL: line.url,
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-leak',
        SLACK_API_URL: slack.apiUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      proc.stderr!.on('data', (d: Buffer) => {
        output += d.toString();
        const url = /web chat (http:\/\/\S+)/.exec(output)?.[1];
        if (url) resolve(Number(new URL(url).port));
      });
      void exited.then((code) => reject(new Error(`serve exited early (${code}): ${output}`)));
    });

    const sends: Array<Promise<Sent>> = [];
    for (const form of FORMS) {
      // path (raw where it is a valid URL, and percent-encoded), and query string
      sends.push(send(port, `/nope/${encodeURIComponent(form)}`));
      sends.push(send(port, `/x/${percentAll(form)}/y`));
      sends.push(send(port, `/healthz?q=${encodeURIComponent(form)}&${encodeURIComponent(form)}=1`));
      // web chat: conversation id and message text, and a query on the chat route
      sends.push(
        send(port, `/api/chat?c=${encodeURIComponent(form)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ conversationId: form, text: `${form} 暗証番号を忘れました` }),
        }),
      );
      sends.push(
        send(port, '/api/chat', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ conversationId: `web-${form}-x`, text: form }),
        }),
      );
    }
    for (const form of ASCII_FORMS) {
      // headers, the request id first (it is echoed and logged when accepted)
      sends.push(
        send(port, '/healthz', { headers: { 'x-request-id': form, 'user-agent': `agent/${form}`, referer: `https://example.jp/${form}`, 'x-forwarded-for': form, 'x-custom': form } }).then(
          (sent) => {
            echoedIds.push(String(sent.headers?.['x-request-id']));
            return sent;
          },
        ),
      );
      sends.push(send(port, `/${form}`, { method: 'DELETE', headers: { 'x-request-id': form } }));
    }

    // LINE: a correctly signed delivery whose user ids, group ids and event ids are the secret
    // forms themselves, plus a LINE-shaped user id with a My Number glued inside.
    const events = [...FORMS, `U${MY_NUMBER}abcdefabcdefabcdefab`].flatMap((form, i) => {
      const text = `@bot ${form} 暗証番号を忘れました`;
      const base = { type: 'message', mode: 'active', timestamp: Date.now(), deliveryContext: { isRedelivery: false } };
      return [
        {
          ...base,
          webhookEventId: `${form}|u${i}`,
          replyToken: `reply-user-${i}`,
          source: { type: 'user', userId: form },
          message: { id: `${form}|m${i}`, type: 'text', text, quoteToken: 'q' },
        },
        {
          ...base,
          webhookEventId: `${form}|g${i}`,
          replyToken: `reply-group-${i}`,
          source: { type: 'group', groupId: form, userId: `${form}#u${i}` },
          message: { id: `${form}|n${i}`, type: 'text', text, quoteToken: 'q', mention: { mentionees: [{ index: 0, length: 4, type: 'user', isSelf: true }] } },
        },
      ];
    });
    const lineBody = JSON.stringify({ destination: 'Ubot', events });
    const lineAck = await send(port, '/webhook/line', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': createHmac('sha256', LINE_SECRET).update(lineBody).digest('base64') },
      body: lineBody,
    });
    expect(lineAck.status).toBe(200);

    // Slack: correctly signed DMs whose user, channel, team and event ids are the secret forms.
    for (const [i, form] of FORMS.entries()) {
      const ts = `1700000000.${String(i).padStart(6, '0')}`;
      const body = JSON.stringify({
        token: 'legacy',
        team_id: form,
        api_app_id: 'A0MYNAPIN',
        type: 'event_callback',
        event_id: `${form}|e${i}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: form, user_id: 'UBOT', is_bot: true }],
        event: { type: 'message', channel_type: 'im', channel: form, user: `${form}#u${i}`, text: `${form} 暗証番号を忘れました`, ts, event_ts: ts },
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      sends.push(
        send(port, '/slack/events', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature, 'x-slack-retry-num': PIN },
          body,
        }),
      );
    }
    await Promise.all(sends);

    // Wait for the answers that go out after the acknowledgements.
    for (let i = 0; i < 100; i++) {
      answeredLine = line.requestsTo('/v2/bot/message/reply').length;
      answeredSlack = slack.calls.filter((c) => c.method === 'chat.postMessage').length;
      if (answeredLine >= events.length && answeredSlack >= FORMS.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    proc.kill('SIGTERM');
    expect(await exited).toBe(0); // every buffered log line is written by now
  });

  afterAll(async () => {
    await line?.close();
    await slack?.close();
  });

  it('exercised every channel: the log has the requests, the turns and the answers', () => {
    expect(answeredLine).toBe((FORMS.length + 1) * 2);
    expect(answeredSlack).toBe(FORMS.length);
    const lines = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const turns = lines.filter((l) => l.msg === 'turn').map((l) => String(l.conversationKey));
    for (const prefix of ['web:', 'line:', 'line:group:', 'slack:']) expect(turns.some((k) => k.startsWith(prefix)), prefix).toBe(true);
    expect(lines.filter((l) => l.msg === 'request').length).toBeGreaterThan(FORMS.length * 5);
    expect(output).toContain('［非表示］');
  });

  it('no secret, in any width, encoding or grouping, appears in the output', () => {
    if (process.env.LEAK_DEBUG) {
      for (const l of output.split('\n')) {
        const d = percentDecode(l).normalize('NFKC');
        if (d.replace(/[\s\-‐－]/g, '').includes(MY_NUMBER) || new RegExp(SIGNATURE, 'i').test(d) || new RegExp(`(?<![0-9])${PIN}(?![0-9])`).test(d)) console.log('LEAK', l.slice(0, 400));
      }
    }
    const decoded = percentDecode(output).normalize('NFKC');
    expect(decoded.replace(/[\s\-‐－]/g, '')).not.toContain(MY_NUMBER);
    expect(decoded).not.toMatch(new RegExp(SIGNATURE, 'i'));
    expect(decoded).not.toMatch(new RegExp(`(?<![0-9])${PIN}(?![0-9])`));
  });

  it('a client request id holding a secret is replaced, never echoed', () => {
    expect(echoedIds).toHaveLength(ASCII_FORMS.length);
    for (const id of echoedIds) {
      expect(ASCII_FORMS).not.toContain(id);
      expect(id).toMatch(/^[A-Za-z0-9_-]+-[0-9a-z]+$/);
    }
  });
});
