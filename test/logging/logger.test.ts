import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, createLoggerOnFirstUse } from '../../src/logging/logger.js';
import { asNumber } from '../helpers/secrets.js';

/** A stream collecting the JSON lines pino writes. */
function lines(): { stream: Writable; read(): Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, read: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLoggerOnFirstUse: the logger of createLogger, made when first needed', () => {
  it('answers level questions and drops disabled levels without making the logger', () => {
    let writes = 0;
    const out = lines();
    const logger = createLoggerOnFirstUse({ level: 'warn', stream: new Writable({ write: (c, e, done) => ((writes += 1), out.stream.write(c, e, done)) }) });
    logger.debug({ x: 1 }, 'not written');
    logger.info('not written either');
    expect(logger.isLevelEnabled('debug')).toBe(false);
    expect(logger.isLevelEnabled('warn')).toBe(true);
    expect(logger.isLevelEnabled('nonsense')).toBe(false);
    expect(logger.level).toBe('warn');
    const child = logger.child({ component: 'reload' });
    child.info('not written');
    expect(writes).toBe(0);
    expect(out.read()).toEqual([]);
  });

  it('writes what createLogger writes, redacted, from the logger and its children', () => {
    const lazy = lines();
    const eager = lines();
    const write = (logger: ReturnType<typeof createLogger>) => {
      logger.warn({ pin: '暗証番号は1234です' }, 'PIN: 0000');
      logger.child({ conversationKey: 'web:c314159265352' }).error('failed');
      logger.debug('dropped');
    };
    write(createLoggerOnFirstUse({ level: 'info', stream: lazy.stream }));
    write(createLogger({ level: 'info', stream: eager.stream }));
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ time: _time, pid: _pid, hostname: _host, ...rest }) => rest);
    expect(strip(lazy.read())).toEqual(strip(eager.read()));
    const written = JSON.stringify(lazy.read());
    for (const secret of ['1234', '0000', '314159265352']) expect(written).not.toMatch(asNumber(secret));
    expect(lazy.read()).toHaveLength(2);
  });

  it('a level set later is the real logger\'s', () => {
    const out = lines();
    const logger = createLoggerOnFirstUse({ level: 'warn', stream: out.stream });
    logger.level = 'debug';
    expect(logger.isLevelEnabled('debug')).toBe(true);
    logger.debug('now written');
    expect(out.read().map((r) => r.msg)).toEqual(['now written']);
  });
});
