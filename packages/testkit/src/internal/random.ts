/** A deterministic source of numbers in [0, 1): mulberry32, 32 bits of state. */
export type Random = () => number;

/** A seeded random source: the same seed gives the same sequence, on every machine. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function below(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/**
 * The seed of schedule `index` of an exploration that started from `base`: a 32-bit hash of both
 * (splitmix32's finaliser), so that neighbouring schedules get unrelated sequences and any one of
 * them can be replayed from its own seed alone.
 */
export function scheduleSeed(base: number, index: number): number {
  let z = (Math.imul(base >>> 0, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}
