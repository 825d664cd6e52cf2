// Sub-stream seeds by hashing (seed, stream) through a keyed chain of the 32-bit finaliser fmix32
// of MurmurHash3 (A. Appleby, 2011). For a fixed seed the low word of the result is a bijection of
// the stream's low word, so streams 0 .. 2^32 - 1 of one seed never collide.
const TWO_POW_32 = 4294967296;

/** MurmurHash3 fmix32: a bijective 32-bit avalanche mixer. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * Derives the seed of sub-stream `stream` (e.g. bootstrap round r) of a run seeded with `seed`,
 * so each unit of work can own its generator (`createRandom(streamSeed(seed, r))`) and results do
 * not depend on how the work is split. Both arguments must be integers in [0, 2^53); the result
 * is an integer in [0, 2^53).
 */
export function streamSeed(seed: number, stream: number): number {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
  }
  if (!Number.isSafeInteger(stream) || stream < 0) {
    throw new RangeError(`stream must be an integer in [0, 2^53), got ${stream}`);
  }
  let k = fmix32((seed | 0) ^ 0x9e3779b9);
  k = fmix32((k ^ (Math.floor(seed / TWO_POW_32) | 0)) + 0x7f4a7c15);
  k = fmix32((k ^ (Math.floor(stream / TWO_POW_32) | 0)) + 0x3c6ef372);
  const low = fmix32(((stream | 0) ^ k) + 0x6a09e667) >>> 0;
  const high = fmix32(low ^ k ^ 0x243f6a88) >>> 11;
  return high * TWO_POW_32 + low;
}
