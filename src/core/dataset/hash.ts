/** Non-cryptographic string hashes: stable assignments and content ids (FNV-1a, Murmur3 fmix). */

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

/**
 * FNV-1a, 64 bits, over the UTF-8 bytes of a string (Fowler, Noll and Vo; draft-eastlake-fnv),
 * as 16 hex digits: a content id with a collision chance near n²/2⁶⁵ for n strings. Lone
 * surrogates are encoded as three bytes (WTF-8), so distinct strings never share their bytes.
 * The 64-bit product is carried in four 16-bit limbs: the prime is 2⁴⁰ + 0x1b3.
 * @example fnv1a64("a") // "af63dc4c8601ec8c"
 * Complexity: O(length).
 */
export function fnv1a64(text: string): string {
  let v0 = 0x2325;
  let v1 = 0x8422;
  let v2 = 0x9ce4;
  let v3 = 0xcbf2;
  const step = (byte: number) => {
    v0 ^= byte;
    const t0 = v0 * 0x1b3;
    let t1 = v1 * 0x1b3;
    let t2 = v2 * 0x1b3 + (v0 << 8);
    const t3 = v3 * 0x1b3 + (v1 << 8);
    t1 += t0 >>> 16;
    t2 += t1 >>> 16;
    v0 = t0 & 0xffff;
    v1 = t1 & 0xffff;
    v3 = (t3 + (t2 >>> 16)) & 0xffff;
    v2 = t2 & 0xffff;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      step(c);
      continue;
    }
    if (c < 0x800) {
      step(0xc0 | (c >> 6));
    } else {
      const next = text.charCodeAt(i + 1);
      if (c >= 0xd800 && c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        step(0xf0 | (c >> 18));
        step(0x80 | ((c >> 12) & 0x3f));
      } else {
        step(0xe0 | (c >> 12));
      }
      step(0x80 | ((c >> 6) & 0x3f));
    }
    step(0x80 | (c & 0x3f));
  }
  return [v3, v2, v1, v0].map((v) => v.toString(16).padStart(4, "0")).join("");
}
