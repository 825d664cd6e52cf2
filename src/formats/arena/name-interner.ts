/**
 * Gives each distinct system name a small id, looking names up by their UTF-8 bytes so that
 * the hot path of reading never creates a string for a name it has seen before.
 * Open addressing with FNV-1a hashes (Fowler, Noll, Vo).
 */
export class NameInterner {
  readonly names: string[] = [];
  private readonly bytes: Uint8Array[] = [];
  private slots = new Int32Array(1024).fill(-1);
  private readonly index = new Map<string, number>();

  /** The id of the name held in buf[start, stop) — plain UTF-8 without escapes. */
  idOfBytes(buf: Uint8Array, start: number, stop: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < stop; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = this.slots[s]!;
      if (id < 0)
        return this.insert(
          s,
          Buffer.from(buf.subarray(start, stop)).toString("utf8"),
          buf.slice(start, stop),
        );
      const known = this.bytes[id]!;
      if (known.length === stop - start && equalBytes(known, buf, start)) return id;
    }
  }

  /** The id of a name given as a string (CSV, Parquet, escaped JSON). */
  idOf(name: string): number {
    const known = this.index.get(name);
    if (known !== undefined) return known;
    const encoded = new TextEncoder().encode(name);
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
      let h = 0x811c9dc5;
      for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
      let s = h & mask;
      while (this.slots[s]! >= 0) s = (s + 1) & mask;
      this.slots[s] = id;
    });
  }
}

function equalBytes(known: Uint8Array, buf: Uint8Array, start: number): boolean {
  for (let i = 0; i < known.length; i++) if (known[i] !== buf[start + i]) return false;
  return true;
}
