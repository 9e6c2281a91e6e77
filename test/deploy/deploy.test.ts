import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestServer, type TestServer } from '../server/helpers.js';

// No Docker engine runs on the project's machines, so the image and the compose file are checked as
// files here: their structure, that everything they copy exists, and that the health check they run
// really tells a live server from a dead one.
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const run = promisify(execFile);

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, with `\` continuations joined and comments dropped. */
function dockerInstructions(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const space = line.indexOf(' ');
      return { keyword: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
    });
}

/** The instructions of each stage, keyed by stage name (`FROM … AS name`). */
function stages(instructions: Instruction[]): Map<string, Instruction[]> {
  const byStage = new Map<string, Instruction[]>();
  let current: Instruction[] | undefined;
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const name = /\bAS\s+(\S+)$/i.exec(ins.args)?.[1];
      expect(name, `every stage is named: FROM ${ins.args}`).toBeTruthy();
      current = [ins];
      byStage.set(name!, current);
    } else {
      current?.push(ins);
    }
  }
  return byStage;
}

describe('Dockerfile', () => {
  const instructions = dockerInstructions(read('Dockerfile'));
  const byStage = stages(instructions);
  const runtime = [...byStage.values()].at(-1)!;
  const args = (keyword: string, list = runtime) => list.filter((i) => i.keyword === keyword).map((i) => i.args);

  it('is multi-stage: a build stage with the dev tools, a runtime stage that copies only its output', () => {
    expect([...byStage.keys()]).toEqual(['build', 'runtime']);
    const build = byStage.get('build')!;
    expect(args('RUN', build).join('\n')).toMatch(/npm ci\b/);
    expect(args('RUN', build).join('\n')).toMatch(/npm prune --omit=dev/);
    const fromBuild = args('COPY').filter((a) => a.startsWith('--from=build'));
    expect(fromBuild.map((a) => a.split(/\s+/)[1])).toEqual(expect.arrayContaining(['/app/node_modules', '/app/dist']));
    expect(args('RUN').join('\n')).not.toMatch(/npm (ci|install)/);
  });

  it("ships the classifier's labelled sets in both stages (the model's key is checked against them at start)", () => {
    for (const stage of byStage.values()) {
      expect(args('COPY', stage).some((a) => /^test\/fixtures\s/.test(a))).toBe(true);
    }
    const ignored = read('.dockerignore').split(/\r?\n/);
    expect(ignored.indexOf('!test/fixtures')).toBeGreaterThan(ignored.indexOf('test'));
  });

  it('builds on the Node major the project supports', () => {
    const nodeImage = /ARG NODE_IMAGE=(\S+)/.exec(read('Dockerfile'))?.[1] ?? '';
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const major = /^node:(\d+)-/.exec(nodeImage)?.[1];
    expect(major).toBeTruthy();
    expect(engines).toContain(`>=${major}.`);
  });

  it('runs as an unprivileged user, serves on the port it exposes, and checks /healthz', () => {
    const user = args('USER').at(-1);
    expect(user).toBeTruthy();
    expect(['root', '0']).not.toContain(user);
    expect(args('EXPOSE')).toEqual(['3000']);
    expect(args('ENV').join(' ')).toMatch(/PORT=3000/);
    expect(args('ENV').join(' ')).toMatch(/HOST=0\.0\.0\.0/);
    expect(args('HEALTHCHECK')[0]).toMatch(/\/healthz/);
    expect(JSON.parse(args('CMD').at(-1)!)).toEqual(['node', 'dist/cli.js', 'serve']);
  });

  it('copies only paths that exist, and never a secret', () => {
    for (const copy of args('COPY', instructions)) {
      if (copy.startsWith('--from=')) continue;
      const sources = copy.split(/\s+/).filter((s) => !s.startsWith('--')).slice(0, -1);
      for (const source of sources) expect(existsSync(`${root}${source}`), `COPY ${source}`).toBe(true);
    }
    expect(read('Dockerfile')).not.toMatch(/(TOKEN|SECRET)\s*=/);
    const ignored = read('.dockerignore').split(/\r?\n/);
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', '.git', 'data']));
  });

  describe('its HEALTHCHECK command', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(async () => {
      await server.close();
    });
    const healthcheck = (): string[] => {
      const exec = /CMD\s+(\[.*\])\s*$/.exec(args('HEALTHCHECK')[0]!)?.[1];
      return JSON.parse(exec!) as string[];
    };

    it('passes against a live server and fails when nothing listens', async () => {
      const [command, ...rest] = healthcheck();
      expect(command).toBe('node');
      await expect(run(process.execPath, rest, { env: { ...process.env, PORT: server.base.port } })).resolves.toBeDefined();
      await expect(run(process.execPath, rest, { env: { ...process.env, PORT: '9' } })).rejects.toMatchObject({ code: 1 });
    });
  });
});

describe('compose.yaml', () => {
  type Service = {
    build?: string;
    image?: string;
    environment?: Record<string, string>;
    depends_on?: Record<string, { condition: string }>;
    healthcheck?: { test: string[] };
    ports?: string[];
    volumes?: string[];
    read_only?: boolean;
    stop_grace_period?: string;
  };
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;
  const bots = Object.entries(services).filter(([, s]) => s.build === '.');

  it('runs two bot instances from this Dockerfile on one Redis', () => {
    expect(bots.map(([name]) => name)).toEqual(['bot-a', 'bot-b']);
    expect(services.redis?.image).toMatch(/^redis:7/);
    expect(services.redis?.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    for (const [, bot] of bots) {
      expect(bot.environment?.REDIS_URL).toBe('redis://redis:6379');
      expect(bot.environment?.HOST).toBe('0.0.0.0');
      expect(bot.environment?.TRUST_PROXY).toBe('true');
      expect(bot.depends_on?.redis?.condition).toBe('service_healthy');
      expect(bot.read_only).toBe(true);
      expect(bot.ports).toBeUndefined();
      expect(bot.volumes).toEqual(['bot-data:/data']);
      expect(bot.environment?.DATA_DIR).toBe('/data');
    }
  });

  it('gives every setting it names a valid value, and no secret', async () => {
    const { loadEnv } = await import('../../src/config/env.js');
    for (const [, bot] of bots) {
      expect(() => loadEnv({ ...bot.environment })).not.toThrow();
      for (const name of Object.keys(bot.environment ?? {})) expect(name).not.toMatch(/TOKEN|SECRET/);
    }
  });

  it('puts a proxy in front that balances over exactly the bot instances, published on loopback only', () => {
    const proxy = services.proxy!;
    expect(proxy.ports).toEqual(['127.0.0.1:8080:8080']);
    const confPath = proxy.volumes?.[0]?.split(':')[0] ?? '';
    const conf = read(confPath.replace(/^\.\//, ''));
    const upstream = [...conf.matchAll(/^\s*server\s+([\w-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(upstream).toEqual(bots.map(([name]) => `${name}:3000`));
    expect(Object.keys(proxy.depends_on ?? {}).sort()).toEqual(bots.map(([name]) => name).sort());
  });
});
