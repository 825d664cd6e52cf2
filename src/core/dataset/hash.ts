/** Small non-cryptographic string hashing for stable assignments (FNV-1a, Murmur3 finaliser). */

/** FNV-1a over the UTF-16 code units of a string, 32 bits. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** Mixes a hash with a seed (Murmur3's fmix32 after a keyed xor), so splits change with the seed. */
export function mixSeed(hash: number, seed: number): number {
  let h = hash ^ Math.imul((seed >>> 0) ^ Math.floor(seed / 2 ** 32), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
