import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/logging/logger.js';
import { runServe, type RunningServer } from '../../src/cli/serve.js';
import { chat, LogCapture, request } from './helpers.js';

describe('runServe', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('starts with no platform tokens, prints the URL and which channels are on, and serves the chat', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (d: Buffer) => (printed += d.toString()));
    const logs = new LogCapture();
    const env = loadEnv({ PORT: '0', HOST: '127.0.0.1' });
    running = await runServe(env, { handleSignals: false, out, logger: createLogger({ stream: logs }) });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(printed).toBe(`mynapin: web chat ${running.url} · LINE off · Slack off\n`);
    const base = new URL(running.url);
    expect((await request(base, '/')).status).toBe(200);
    expect((await chat(base, { conversationId: 'x', text: 'こんにちは' })).status).toBe(200);
    expect(logs.lines.some((l) => l.msg === 'listening')).toBe(true);
    await running.close();
    await expect(request(base, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('explains a port already in use instead of crashing with EADDRINUSE', async () => {
    const env = loadEnv({ PORT: '0', HOST: '127.0.0.1' });
    running = await runServe(env, { handleSignals: false, out: new PassThrough(), logger: createLogger({ stream: new LogCapture() }) });
    const taken = loadEnv({ PORT: new URL(running.url).port, HOST: '127.0.0.1' });
    await expect(runServe(taken, { handleSignals: false, out: new PassThrough(), logger: createLogger({ stream: new LogCapture() }) })).rejects.toThrow(
      /already in use.*set PORT/,
    );
  });
});

const built = fileURLToPath(new URL('../../dist/cli/serve.js', import.meta.url));
const haveBuild = existsSync(built);
if (!haveBuild) {
  const message = '\n!!! dist/ is not built: the SIGTERM tests of mynapin serve are SKIPPED. Run npm run build first.\n';
  if (process.env.CI) throw new Error(message);
  console.warn(message);
}

describe.skipIf(!haveBuild)('mynapin serve as a process (built dist/)', { timeout: 30_000 }, () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  function start(
    extraEnv: Record<string, string> = {},
    nodeArgs: string[] = [],
  ): Promise<{ child: ChildProcess; base: URL; stdout: () => string; stderr: () => string }> {
    const proc = spawn(process.execPath, [...nodeArgs, fileURLToPath(new URL('./fixtures/serve-child.mjs', import.meta.url))], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let stdout = '';
    proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    return new Promise((resolve, reject) => {
      let stderr = '';
      proc.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        const url = /web chat (http:\/\/\S+)/.exec(stderr)?.[1];
        if (url) resolve({ child: proc, base: new URL(url), stdout: () => stdout, stderr: () => stderr });
      });
      proc.once('exit', (code) => reject(new Error(`serve exited early with ${code}: ${stderr}`)));
    });
  }

  const exitOf = (proc: ChildProcess): Promise<number | null> =>
    proc.exitCode !== null ? Promise.resolve(proc.exitCode) : new Promise((resolve) => proc.once('exit', (code) => resolve(code)));

  it('on SIGTERM lets an in-flight request finish, then exits 0', async () => {
    const { child: proc, base, stdout } = await start();
    const body = JSON.stringify({ conversationId: 'sigterm', text: '暗証番号を忘れました' });
    // A request whose body is still arriving when the signal comes.
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        { host: base.hostname, port: base.port, path: '/api/chat', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        proc.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 100);
    });
    const res = await response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).reply).toEqual(expect.any(String));
    expect(await exitOf(proc)).toBe(0);
    const logLines = stdout().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string });
    expect(logLines.map((l) => l.msg)).toEqual(expect.arrayContaining(['listening', 'shutting down: finishing in-flight requests', 'stopped']));
  });

  it('a web-only process never loads the LINE or Slack SDK; a LINE-enabled one does', async () => {
    const hook = ['--import', fileURLToPath(new URL('./fixtures/register-sdk-hook.mjs', import.meta.url))];
    const webOnly = await start({}, hook);
    expect((await request(webOnly.base, '/healthz')).status).toBe(200);
    webOnly.child.kill('SIGTERM');
    expect(await exitOf(webOnly.child)).toBe(0);
    expect(webOnly.stderr()).not.toContain('SDK LOADED');

    const withLine = await start({ LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't' }, hook);
    withLine.child.kill('SIGTERM');
    expect(await exitOf(withLine.child)).toBe(0);
    expect(withLine.stderr()).toContain('SDK LOADED');
    expect(withLine.stderr()).toContain('LINE on');
  });

  it('a second signal forces the exit', async () => {
    const { child: proc, base } = await start({ TEST_SHUTDOWN_DEADLINE_MS: '60000' });
    // Hold a request open so the graceful shutdown cannot finish by itself.
    const hold = http.request({ host: base.hostname, port: base.port, path: '/api/chat', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 100 } });
    hold.on('error', () => {});
    hold.write('{');
    await new Promise((r) => setTimeout(r, 100));
    proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    expect(proc.exitCode).toBe(null);
    proc.kill('SIGINT');
    expect(await exitOf(proc)).toBe(1);
    hold.destroy();
  });
});
