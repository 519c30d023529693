/** A seeded PRNG (mulberry32): the same seed gives the same sequence of floats in [0, 1). */
export declare function seededRandom(seed: number): () => number;
