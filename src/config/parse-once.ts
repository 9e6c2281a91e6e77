import type { z } from 'zod';

/**
 * `schema.safeParse(data)` for a schema parsed once or twice per process (the settings, the
 * municipality, the facts, the reviewed phrases). On an object schema's first parse zod compiles
 * a fast path (new Function), which pays off over many parses and here only costs: the settings
 * parse in ~1.5 ms instead of ~3.5 ms of a cold start. `jitless` is zod's per-parse switch for
 * that (ParseContext.jitless): same result, and no global setting changes.
 */
export function safeParseOnce<T extends z.ZodType>(schema: T, data: unknown): z.ZodSafeParseResult<z.output<T>> {
  return schema.safeParse(data, { jitless: true });
}
