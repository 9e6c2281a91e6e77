import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';
import { runLineCommand } from '../../../src/cli/line.js';
import { loadRichMenu, DEFAULT_RICH_MENU_FILE } from '../../../src/adapters/line/rich-menu.js';
import { startFakeLineApi, type FakeLineApi } from '../../helpers/fake-line-api.js';
import { makeJpegHeader, makePng } from './images.js';

const TOKEN = 'cli-test-token';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

let dir: string;
let png: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mynapin-line-'));
  png = join(dir, 'menu.png');
  await writeFile(png, makePng(2500, 1686));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mynapin line (against the fake LINE API)', () => {
  let api: FakeLineApi;
  let out: Capture;
  let err: Capture;
  beforeEach(async () => {
    api = await startFakeLineApi({ channelAccessToken: TOKEN });
    out = new Capture();
    err = new Capture();
  });
  afterEach(async () => {
    await api.close();
  });

  const env = (extra: Record<string, string> = {}) =>
    loadEnv({
      LINE_CHANNEL_SECRET: 'secret',
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: api.url,
      LINE_DATA_API_BASE_URL: api.url,
      ...extra,
    });
  const run = (args: string[], e = env()) => runLineCommand(args, e, out, err);

  it('rich-menu: validates, creates, uploads the image and sets it as default, printing the id', async () => {
    expect(await run(['rich-menu', '--image', png])).toBe(0);
    expect(err.text).toBe('');
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v2/bot/richmenu/validate',
      'POST /v2/bot/richmenu',
      'POST /v2/bot/richmenu/richmenu-fake1/content',
      'POST /v2/bot/user/all/richmenu/richmenu-fake1',
    ]);
    const menu = await loadRichMenu(DEFAULT_RICH_MENU_FILE);
    expect(api.requests[0]!.json).toEqual(menu);
    expect(api.requests[1]!.json).toEqual(menu);
    const upload = api.requests[2]!;
    expect(upload.headers['content-type']).toBe('image/png');
    expect(upload.raw.equals(makePng(2500, 1686))).toBe(true);
    expect(out.text).toContain('richmenu-fake1');
  });

  it('rich-menu: the repo menu has the six areas residents need', async () => {
    const menu = await loadRichMenu(DEFAULT_RICH_MENU_FILE);
    expect(menu.size).toEqual({ width: 2500, height: 1686 });
    expect(menu.areas?.map((a) => (a.action as { label?: string }).label)).toEqual([
      '暗証番号を忘れた',
      'ロックされた',
      '代理人の手続き',
      'コンビニ交付',
      'マイナ保険証',
      '窓口・問い合わせ',
    ]);
  });

  it('rich-menu: refuses a wrong-size, oversize or non-image file before calling LINE', async () => {
    const small = join(dir, 'small.png');
    await writeFile(small, makePng(1200, 405));
    const square = join(dir, 'square.jpg');
    await writeFile(square, makeJpegHeader(1000, 1000));
    const huge = join(dir, 'huge.png');
    await writeFile(huge, makePng(2500, 1686, { noise: true }));
    const text = join(dir, 'menu.txt');
    await writeFile(text, 'not an image');

    expect(await run(['rich-menu', '--image', small])).toBe(1);
    expect(err.text).toContain('make the image 2500×1686');
    expect(await run(['rich-menu', '--image', square])).toBe(1);
    expect(err.text).toContain('1000×1000');
    expect(await run(['rich-menu', '--image', huge])).toBe(1);
    expect(err.text).toContain('at most 1 MB');
    expect(await run(['rich-menu', '--image', text])).toBe(1);
    expect(err.text).toContain('not a PNG or JPEG');
    expect(await run(['rich-menu', '--image', join(dir, 'missing.png')])).toBe(1);
    expect(err.text).toContain('cannot read the image');
    expect(api.requests).toEqual([]);
  });

  it('rich-menu: a broken definition is reported with the place of each problem', async () => {
    const bad = join(dir, 'bad-menu.json');
    await writeFile(
      bad,
      JSON.stringify({
        size: { width: 2500, height: 1686 },
        selected: true,
        name: 'x',
        chatBarText: 'メニューを開いてください今すぐ',
        areas: [{ bounds: { x: 2000, y: 0, width: 833, height: 843 }, action: { type: 'message', label: 'a', text: '' } }],
      }),
    );
    expect(await run(['rich-menu', '--image', png, '--menu', bad])).toBe(1);
    expect(err.text).toContain('chatBarText');
    expect(err.text).toContain('areas[0].bounds reaches outside');
    expect(err.text).toContain('areas[0].action.text');
    expect(api.requests).toEqual([]);
  });

  it('rich-menu: an image upload failure deletes the half-made menu and says so', async () => {
    api.failNext(1, 500, { pathPrefix: '/v2/bot/richmenu/richmenu-fake1/content' });
    expect(await run(['rich-menu', '--image', png])).toBe(1);
    expect(err.text).toContain('uploading the rich-menu image');
    expect(api.requestsTo('/v2/bot/richmenu/richmenu-fake1').map((r) => r.method)).toEqual(['DELETE']);
    expect(api.requests.some((r) => r.path.startsWith('/v2/bot/user/all/richmenu'))).toBe(false);
  });

  it('rich-menu: LINE rejecting the definition shows its details', async () => {
    api.failNext(1, 400, {
      body: { message: 'The request body has 1 error(s)', details: [{ message: 'invalid uri', property: 'areas[0].action.uri' }] },
    });
    expect(await run(['rich-menu', '--image', png])).toBe(1);
    expect(err.text).toContain('areas[0].action.uri: invalid uri');
    expect(api.requestsTo('/v2/bot/richmenu')).toEqual([]);
  });

  it('rich-menu: usage errors', async () => {
    expect(await run(['rich-menu'])).toBe(1);
    expect(err.text).toContain('--image FILE is required');
    expect(await run(['rich-menu', '--image', png, '--colour', 'red'])).toBe(2);
    expect(await run(['launch'])).toBe(2);
    expect(err.text).toContain('unknown command "line launch"');
    expect(await run([])).toBe(2);
    expect(out.text).toContain('usage:');
  });

  it('check: prints the bot name and the webhook URL to register', async () => {
    expect(await run(['check'], env({ PUBLIC_BASE_URL: 'https://chat.example.lg.jp/' }))).toBe(0);
    expect(out.text).toContain('テスト市 暗証番号案内');
    expect(out.text).toContain('webhook URL to register: https://chat.example.lg.jp/webhook/line');
    expect(out.text).toContain('registered webhook: (none)');
    expect(api.requestsTo('/v2/bot/info')[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('check: says when the registered webhook already matches', async () => {
    api.webhookEndpoint.endpoint = 'https://chat.example.lg.jp/mynapin/webhook/line';
    api.webhookEndpoint.active = true;
    expect(await run(['check'], env({ PUBLIC_BASE_URL: 'https://chat.example.lg.jp/mynapin' }))).toBe(0);
    expect(out.text).toContain('matches and is active');
  });

  it('check: explains how to set PUBLIC_BASE_URL when it is missing', async () => {
    expect(await run(['check'])).toBe(0);
    expect(out.text).toContain('PUBLIC_BASE_URL is not set');
    expect(out.text).toContain('/webhook/line');
  });

  it('check: a rejected token is explained', async () => {
    expect(await run(['check'], env({ LINE_CHANNEL_ACCESS_TOKEN: 'wrong' }))).toBe(1);
    expect(err.text).toContain('LINE rejected LINE_CHANNEL_ACCESS_TOKEN (401)');
  });

  it('a missing token names the variable', async () => {
    for (const command of [['check'], ['rich-menu', '--image', png]]) {
      err.text = '';
      expect(await runLineCommand(command, loadEnv({ LINE_API_BASE_URL: api.url }), out, err)).toBe(1);
      expect(err.text).toContain('LINE_CHANNEL_ACCESS_TOKEN is not set');
    }
    expect(api.requests).toEqual([]);
  });

  it('an unreachable API is explained, not thrown', async () => {
    const url = api.url;
    await api.close();
    api = await startFakeLineApi({ channelAccessToken: TOKEN });
    expect(await run(['check'], env({ LINE_API_BASE_URL: url }))).toBe(1);
    expect(err.text).toContain(`could not reach the LINE API at ${url}`);
  });
});
