import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake LINE API received. */
export interface RecordedLineRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body, or undefined for binary / empty bodies. */
  json: unknown;
  /** Raw body (the image bytes of a rich-menu upload). */
  raw: Buffer;
}

interface ScriptedFailure {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  /** Only requests whose path starts with this fail; others pass through. */
  pathPrefix?: string;
}

export interface FakeLineApi {
  /** Base URL for LINE_API_BASE_URL and LINE_DATA_API_BASE_URL. */
  url: string;
  /** Every request, in arrival order. */
  requests: RecordedLineRequest[];
  /** Requests to one endpoint path (exact match or prefix ending in `/`). */
  requestsTo(path: string): RecordedLineRequest[];
  /** The next `count` requests (optionally only those under `pathPrefix`) answer `status`. */
  failNext(count: number, status: number, options?: { body?: unknown; headers?: Record<string, string>; pathPrefix?: string }): void;
  /** The bot info GET /v2/bot/info returns. */
  botInfo: { userId: string; basicId: string; displayName: string; chatMode: 'chat' | 'bot'; markAsReadMode: 'auto' | 'manual' };
  /** What GET /v2/bot/channel/webhook/endpoint returns. */
  webhookEndpoint: { endpoint: string; active: boolean };
  /** GET /v2/bot/profile/{userId}: the profile language per user id (unset: no language field). */
  profileLanguages: Record<string, string>;
  /** Every answer is held this long (a slow API); 0 by default. */
  delayMs: number;
  /** When true, requests are recorded but never answered (a hanging API) until close(). */
  hang: boolean;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
};

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });
const graphemeLength = (s: string) => [...graphemes.segment(s)].length;

/** The checks the real API makes on a message list (a subset: what this project sends). */
function messageProblems(messages: unknown): string[] {
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) return ['messages must hold 1 to 5 messages'];
  const problems: string[] = [];
  messages.forEach((m: Record<string, any>, i) => {
    if (m.type === 'text' && (typeof m.text !== 'string' || m.text.length === 0 || m.text.length > 5000)) {
      problems.push(`messages[${i}].text must be 1 to 5000 characters`);
    }
    if (m.type === 'flex' && (typeof m.altText !== 'string' || m.altText.length > 1500)) {
      problems.push(`messages[${i}].altText must be at most 1500 characters`);
    }
    const items = m.quickReply?.items;
    if (items === undefined) return;
    if (!Array.isArray(items) || items.length > 13) problems.push(`messages[${i}].quickReply.items must hold at most 13`);
    else
      items.forEach((item: Record<string, any>, j) => {
        const a = item.action ?? {};
        if (typeof a.label !== 'string' || graphemeLength(a.label) > 20) problems.push(`quickReply item ${j}: label over 20`);
        if (a.type === 'postback' && (typeof a.data !== 'string' || a.data.length > 300)) problems.push(`item ${j}: data over 300`);
        if (typeof a.displayText === 'string' && a.displayText.length > 300) problems.push(`item ${j}: displayText over 300`);
      });
  });
  return problems;
}

/**
 * A local stand-in for api.line.me and api-data.line.me on 127.0.0.1: records every request and
 * answers like the Messaging API for what mynapin uses — reply (each token once), push, rich-menu
 * validate / create / image upload / set default / delete, bot info, webhook endpoint — with the
 * platform's 401 for a wrong token, its 400 for a reused reply token or a message over LINE's
 * limits, and scripted 400 / 429 / 500 answers via {@link FakeLineApi.failNext}.
 */
export async function startFakeLineApi(options: { channelAccessToken: string }): Promise<FakeLineApi> {
  const requests: RecordedLineRequest[] = [];
  const failures: ScriptedFailure[] = [];
  const usedReplyTokens = new Set<string>();
  let richMenus = 0;

  const api: Omit<FakeLineApi, 'url' | 'close'> = {
    requests,
    requestsTo: (path) => requests.filter((r) => (path.endsWith('/') ? r.path.startsWith(path) : r.path === path)),
    failNext(count, status, opts = {}) {
      for (let i = 0; i < count; i++) {
        failures.push({
          status,
          body: opts.body ?? { message: status === 429 ? 'The API rate limit has been exceeded.' : 'Internal server error' },
          headers: opts.headers ?? {},
          ...(opts.pathPrefix ? { pathPrefix: opts.pathPrefix } : {}),
        });
      }
    },
    botInfo: { userId: 'Ubot0000000000000000000000000000', basicId: '@123abcde', displayName: 'テスト市 暗証番号案内', chatMode: 'bot', markAsReadMode: 'auto' },
    webhookEndpoint: { endpoint: '', active: false },
    profileLanguages: {},
    delayMs: 0,
    hang: false,
  };

  const route = (req: IncomingMessage, res: ServerResponse, recorded: RecordedLineRequest) => {
    const { method, path } = recorded;
    const body = recorded.json as Record<string, any> | undefined;
    if (method === 'POST' && path === '/v2/bot/message/reply') {
      const token = body?.replyToken;
      if (typeof token !== 'string' || usedReplyTokens.has(token) || token.startsWith('expired')) {
        return json(res, 400, { message: 'Invalid reply token' });
      }
      const problems = messageProblems(body?.messages);
      if (problems.length) return json(res, 400, { message: 'The request body has 1 error(s)', details: problems.map((p) => ({ message: p })) });
      usedReplyTokens.add(token);
      return json(res, 200, { sentMessages: body!.messages.map((_: unknown, i: number) => ({ id: String(1000 + i) })) });
    }
    if (method === 'POST' && path === '/v2/bot/message/push') {
      const problems = messageProblems(body?.messages);
      if (typeof body?.to !== 'string' || problems.length) return json(res, 400, { message: 'bad push', details: problems });
      return json(res, 200, { sentMessages: [] });
    }
    if (method === 'POST' && path === '/v2/bot/richmenu/validate') return json(res, 200, {});
    if (method === 'POST' && path === '/v2/bot/richmenu') {
      richMenus++;
      return json(res, 200, { richMenuId: `richmenu-fake${richMenus}` });
    }
    let m = /^\/v2\/bot\/richmenu\/([^/]+)\/content$/.exec(path);
    if (method === 'POST' && m) {
      const type = req.headers['content-type'];
      if (type !== 'image/png' && type !== 'image/jpeg') return json(res, 415, { message: 'unsupported content type' });
      return json(res, 200, {});
    }
    m = /^\/v2\/bot\/user\/all\/richmenu\/([^/]+)$/.exec(path);
    if (method === 'POST' && m) return json(res, 200, {});
    m = /^\/v2\/bot\/richmenu\/([^/]+)$/.exec(path);
    if (method === 'DELETE' && m) return json(res, 200, {});
    if (method === 'GET' && path === '/v2/bot/info') return json(res, 200, api.botInfo);
    m = /^\/v2\/bot\/profile\/([^/]+)$/.exec(path);
    if (method === 'GET' && m) {
      const language = api.profileLanguages[m[1]!];
      return json(res, 200, { userId: m[1], displayName: 'テスト 太郎', ...(language ? { language } : {}) });
    }
    if (method === 'GET' && path === '/v2/bot/channel/webhook/endpoint') return json(res, 200, api.webhookEndpoint);
    return json(res, 404, { message: `fake LINE API: no route for ${method} ${path}` });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      let parsed: unknown;
      if (String(req.headers['content-type'] ?? '').includes('json') && raw.length > 0) {
        try {
          parsed = JSON.parse(raw.toString('utf8'));
        } catch {
          parsed = undefined;
        }
      }
      const recorded: RecordedLineRequest = { method: req.method ?? 'GET', path, headers: req.headers, json: parsed, raw };
      if (api.hang) {
        requests.push(recorded); // arrived, and never answered
        return;
      }
      if (api.delayMs > 0) {
        setTimeout(() => answer(req, res, recorded), api.delayMs);
        return;
      }
      answer(req, res, recorded);
    });
  });

  /** Records the request (so a slow API records it when it answers) and answers it. */
  const answer = (req: IncomingMessage, res: ServerResponse, recorded: RecordedLineRequest): void => {
    const path = recorded.path;
    requests.push(recorded);
    if (req.headers.authorization !== `Bearer ${options.channelAccessToken}`) {
      return json(res, 401, { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
    }
    const index = failures.findIndex((f) => !f.pathPrefix || path.startsWith(f.pathPrefix));
    if (index >= 0) {
      const [failure] = failures.splice(index, 1);
      return json(res, failure!.status, failure!.body, failure!.headers);
    }
    route(req, res, recorded);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // One object (not a copy), so that setting delayMs / hang on it changes what the server does.
  return Object.assign(api, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  }) as FakeLineApi;
}
