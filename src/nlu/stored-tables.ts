import { createHash } from 'node:crypto';

// The layout of the tables the build stores for a cold start (dist/classifier-model.bin,
// dist/example-neighbours.bin): a JSON header, its byte length first (4 bytes, little-endian),
// then the tables from the next multiple of `align` (the gap filled with spaces), so that typed
// arrays can view them where they lie.

/** `header` as JSON, then `body` at the next multiple of `align` (4 or 8) bytes. */
export function withJsonHeader(header: Record<string, unknown>, body: Uint8Array, align: 4 | 8): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const bodyAt = (json.length + 4 + align - 1) & ~(align - 1);
  const out = Buffer.alloc(bodyAt + body.length, 0x20);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  out.set(body, bodyAt);
  return out;
}

/** The header of {@link withJsonHeader}'s bytes and where the body starts; throws on other bytes. */
export function readJsonHeader(bytes: Buffer, align: 4 | 8): { header: Record<string, unknown>; bodyAt: number } {
  const length = bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as Record<string, unknown>;
  return { header, bodyAt: (length + 4 + align - 1) & ~(align - 1) };
}

/** The SHA-1 of stored tables (base64): checked natively at start instead of a loop over every entry. */
export function tablesDigest(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}
