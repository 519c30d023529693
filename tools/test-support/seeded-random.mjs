// A small seeded PRNG (mulberry32) for the fuzz tests of every package: the
// same seed generates the same inputs, so a failure can be replayed exactly.
/** @param {number} seed @returns {() => number} a generator of floats in [0, 1) */
export function seededRandom(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
