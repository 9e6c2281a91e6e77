import { MynapinError } from '../../errors.js';

/**
 * How long one Messaging API call may take. @line/bot-sdk 11 calls the global fetch() with no
 * timeout and no AbortSignal (its client config has none), so a hanging API would hold an answer
 * past the reply token's life: each call is given up after this and retried by the sender.
 */
export const LINE_API_TIMEOUT_MS = 5_000;

/** A Messaging API call did not answer in time (retryable: a reply token can be used only once). */
export class LineApiTimeoutError extends MynapinError {
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`LINE API ${method} did not answer within ${timeoutMs} ms (is LINE_API_BASE_URL reachable? see https://api-status.line.me/)`);
  }
}

/**
 * The same client, with every method that returns a promise given up after `timeoutMs`. The
 * SDK's request itself cannot be aborted (no signal option); it is left to finish or fail unheard.
 */
export function withCallTimeouts<T extends object>(client: T, timeoutMs: number = LINE_API_TIMEOUT_MS): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const call: unknown = value.apply(target, args);
        if (!(call instanceof Promise)) return call;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new LineApiTimeoutError(String(property), timeoutMs)), timeoutMs);
        });
        return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
      };
    },
  });
}
