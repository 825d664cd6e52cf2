// xoshiro128** 1.1: D. Blackman & S. Vigna, "Scrambled linear pseudorandom number generators",
// ACM Trans. Math. Softw. 47(4), 2021 (reference C: https://prng.di.unimi.it/xoshiro128starstar.c).
// The 128-bit state is filled by a SplitMix32-style chain (G. Steele, D. Lea & C. Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014), with the 32-bit finaliser constants of
// C. Wellons' hash-prospector, keyed on the low and high 32-bit words of the seed.
// Doubles take 27 + 26 bits from two outputs, as in MT19937's genrand_res53.
import type { RandomSource } from "./random-source.js";

const GOLDEN = 0x9e3779b9;
const TWO_POW_32 = 4294967296;

/** Bijective 32-bit mixer (xorshift-multiply, hash-prospector constants); mix32(0) = 0. */
function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) | 0;
}

// The state behind each generator made by createRandom. The samplers in this folder draw from it
// through nextDouble, a call of one known function: calls of the closures themselves let V8
// specialise their hot loops to one generator and deoptimise them on the next one (the next
// bootstrap round's).
const STATES = new WeakMap<RandomSource, Int32Array>();

/**
 * Creates a seeded xoshiro128** generator. `seed` must be an integer in [0, 2^53); each call of
 * the returned function gives a double in [0, 1) with 53 random bits. Equal seeds give equal
 * sequences and distinct seeds give distinct initial states.
 */
export function createRandom(seed: number): RandomSource {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
  }
  const lo = seed | 0;
  const hi = Math.floor(seed / TWO_POW_32) | 0;
  // Given the earlier words, s0 is a bijection of lo and s1 of hi, so seed -> state is injective.
  // The state is never all zero: s0 = 0 forces lo = -G, while s1 = s2 = 0 would force lo = -3G.
  // Int32Array rather than closure variables: V8 would box 32-bit values in a closure context.
  const w0 = mix32((lo + GOLDEN) | 0);
  const w1 = mix32(((hi ^ w0) + 2 * GOLDEN) | 0);
  const w2 = mix32(((lo ^ w1) + 3 * GOLDEN) | 0);
  const w3 = mix32(((hi ^ w2) + 4 * GOLDEN) | 0);
  const state = Int32Array.of(w0, w1, w2, w3);
  const random: RandomSource = () => nextDouble(state);
  STATES.set(random, state);
  return random;
}

/** The state of `random` if it came from createRandom (for the samplers in this folder). */
export function generatorState(random: RandomSource): Int32Array | undefined {
  return STATES.get(random);
}

/**
 * Advances a createRandom state and returns the generator's next double: the high 27 bits of one
 * 32-bit output and the high 26 of the next, (a·2^26 + b)/2^53.
 */
export function nextDouble(state: Int32Array): number {
  let s0 = state[0]!;
  let s1 = state[1]!;
  let s2 = state[2]!;
  let s3 = state[3]!;
  let r = 0;
  for (let shift = 5; shift <= 6; shift++) {
    // Output rotl(s1 * 5, 7) * 9, then advance the state.
    const x = Math.imul(s1, 5);
    r = r * 67108864 + (Math.imul((x << 7) | (x >>> 25), 9) >>> shift);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  return r * 1.1102230246251565e-16; // 2^-53, so exact
}
