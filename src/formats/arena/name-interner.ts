/**
 * Gives each distinct system name a small id, looking names up by their UTF-8 bytes so that
 * the hot path of reading never creates a string for a name it has seen before.
 * Open addressing with FNV-1a hashes (Fowler, Noll, Vo).
 */
import { FNV_OFFSET, FNV_PRIME } from "../json/json-bytes.js";

const decoder = new TextDecoder();

export class NameInterner {
  readonly names: string[] = [];
  private readonly bytes: Uint8Array[] = [];
  private slots = new Int32Array(1024).fill(-1);
  private readonly index = new Map<string, number>();

  /** The id of the name held in buf[start, stop) — plain UTF-8 without escapes. */
  idOfBytes(buf: Uint8Array, start: number, stop: number): number {
    return this.idOfHashed(buf, start, stop, fnv1a(buf, start, stop));
  }

  /** As `idOfBytes`, with the FNV-1a hash of the bytes already computed (by the scanner). */
  idOfHashed(buf: Uint8Array, start: number, stop: number, h: number): number {
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = this.slots[s]!;
      if (id < 0) {
        // Copy the bytes: `buf` is usually a reading buffer that will be overwritten.
        const bytes = Uint8Array.from(buf.subarray(start, stop));
        return this.insert(s, decoder.decode(bytes), bytes);
      }
      const known = this.bytes[id]!;
      if (known.length === stop - start && equalBytes(known, buf, start)) return id;
    }
  }

  /** The id of a name given as a string (CSV, Parquet, escaped JSON). */
  idOf(name: string): number {
    const known = this.index.get(name);
    if (known !== undefined) return known;
    const encoded = Buffer.from(name, "utf8");
    return this.idOfBytes(encoded, 0, encoded.length);
  }

  private insert(slot: number, name: string, bytes: Uint8Array): number {
    const id = this.names.length;
    this.names.push(name);
    this.bytes.push(bytes);
    this.index.set(name, id);
    this.slots[slot] = id;
    if (this.names.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    this.bytes.forEach((b, id) => {
      let s = fnv1a(b, 0, b.length) & mask;
      while (this.slots[s]! >= 0) s = (s + 1) & mask;
      this.slots[s] = id;
    });
  }
}

export function fnv1a(buf: Uint8Array, start: number, stop: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < stop; i++) h = Math.imul(h ^ buf[i]!, FNV_PRIME);
  return h;
}

function equalBytes(known: Uint8Array, buf: Uint8Array, start: number): boolean {
  for (let i = 0; i < known.length; i++) if (known[i] !== buf[start + i]) return false;
  return true;
}
