/**
 * `text.charCodeAt(k)` for the loops over a message's code units. A message reaches them as any of
 * half a dozen kinds of V8 string (flat one- or two-byte, internalised when short, a slice of the
 * message, a concatenation); past four kinds the JIT looks `text.charCodeAt` up generically on
 * every call, and a loop over 40 code units took 450 ns instead of 80 (2026-12-06, Node 20).
 * Reached through String.prototype, the method is one known function, inlined whatever the kind.
 * (`text.length` is looked up the same way: the loops read it once, not in their condition.) Every
 * caller must read within the text: one read past its end deoptimises this call for all of them.
 */
export function unitAt(text: string, k: number): number {
  return String.prototype.charCodeAt.call(text, k);
}

/**
 * A set of code units as 65,536 bits (8 KB). The loops over a message test it before reading a
 * table of a byte per code unit (64 KB): a kanji's byte is a cache line of its own in such a table,
 * read at a random place, while the bits of the few units a table holds stay in the first-level
 * cache beside the rest of the match.
 */
export function unitBits(units: Iterable<number>): Int32Array {
  const bits = new Int32Array(65536 >> 5);
  for (const u of units) bits[u >> 5]! |= 1 << (u & 31);
  return bits;
}

/** Whether code unit `u` is in the set made by {@link unitBits}. */
export function hasUnit(bits: Int32Array, u: number): boolean {
  return (bits[u >> 5]! & (1 << (u & 31))) !== 0;
}
