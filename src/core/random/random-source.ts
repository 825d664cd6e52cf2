/**
 * A source of uniform random numbers in [0, 1). Core functions take one as an argument (as
 * d3's `shuffler(random)` does); nothing in core calls `Math.random`.
 */
export type RandomSource = () => number;
