/** FNV-1a's offset basis: the hash of nothing. */
export const FNV_OFFSET = 0x811c9dc5;

/** One step of FNV-1a: folds a UTF-16 code unit or a byte into the hash. */
export function fnvStep(h: number, unit: number): number {
  return Math.imul(h ^ unit, 0x01000193);
}

/**
 * MurmurHash3's finalizer, as an unsigned 32-bit number: FNV's low bits alone spread poorly, and
 * after it keys differing in one unit land far apart.
 */
export function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a string with good avalanche: FNV-1a over its UTF-16 code units, then {@link avalanche}. */
export function hash32(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = fnvStep(h, text.charCodeAt(i));
  return avalanche(h);
}
