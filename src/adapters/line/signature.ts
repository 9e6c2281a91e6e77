import { createHmac, timingSafeEqual } from 'node:crypto';

// The base64 of a 32-byte HMAC-SHA256: 43 characters and one '=' of padding, nothing else.
const SIGNATURE_SHAPE = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Checks `x-line-signature`: it must be exactly the base64 of HMAC-SHA256(channel secret, raw
 * body), compared in constant time. Unlike the SDK's validateSignature (which decodes the header
 * leniently, so `"<sig>, x"` or a signature with extra characters passes), anything more, less or
 * different is refused.
 */
export function isValidLineSignature(body: Buffer, channelSecret: string, signature: string): boolean {
  if (!SIGNATURE_SHAPE.test(signature)) return false;
  const expected = Buffer.from(createHmac('sha256', channelSecret).update(body).digest('base64'), 'ascii');
  const given = Buffer.from(signature, 'ascii');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
