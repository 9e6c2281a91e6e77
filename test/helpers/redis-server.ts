import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IN_CI } from './paths.js';

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';

/**
 * Whether `redis-server` (Debian package redis-server; `.ci/run` installs it) can run here. In CI
 * a missing one throws, so the Redis tests FAIL rather than skip; elsewhere they skip with a note.
 */
export function redisServerAvailable(): boolean {
  const found = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }).status === 0;
  if (!found) {
    const message = `\n!!! ${REDIS_SERVER} is not installed: the Redis shared-state tests are SKIPPED. apt-get install redis-server.\n`;
    if (IN_CI) throw new Error(message);
    console.warn(message);
  }
  return found;
}

/** A redis-server of this test suite: its own port and folder, nothing saved to disk. */
export interface TestRedis {
  port: number;
  url: string;
  /** Stops the server (SIGTERM, like a normal shutdown) and waits for its exit. */
  stop(): Promise<void>;
  /** Kills the server (SIGKILL: Redis going away without warning). */
  kill(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing answers. */
  pause(): void;
  /** Unfreezes it (SIGCONT). */
  resume(): void;
  /** Starts it again on the same port (empty: nothing was saved). */
  restart(): Promise<void>;
  /** Runs one command on it through a raw connection (e.g. `['FLUSHALL']`, `['KEYS', '*']`). */
  command(args: string[]): Promise<string>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Sends one RESP command and returns the raw reply text. */
function rawCommand(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let reply = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('redis-server did not answer')));
    socket.on('error', reject);
    socket.on('data', (d: Buffer) => {
      reply += d.toString('utf8');
      if (reply.endsWith('\r\n')) {
        socket.end();
        resolve(reply);
      }
    });
    socket.connect(port, '127.0.0.1', () => {
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
    });
  });
}

/** Starts `redis-server --port <free> --save '' --appendonly no` in a temporary folder. */
export async function startRedisServer(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'mynapin-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    mkdirSync(dir, { recursive: true });
    const proc = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited (${proc.exitCode}): ${output}`);
      try {
        if ((await rawCommand(port, ['PING'])).startsWith('+PONG')) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}: ${output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child?.kill('SIGCONT');
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => end('SIGKILL'),
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    restart: launch,
    command: (args) => rawCommand(port, args),
  };
}
