/**
 * 64-bit content digests built straight from conversations (no JSON key strings), and a set
 * of them in typed arrays: what remembering "seen this pair / this prompt" costs per item is
 * 8 bytes plus slack, not a string. Digests are FNV-1a and a multiply-xorshift hash side by
 * side (as `textDigest`), with a separator between fields so ("ab", "c") ≠ ("a", "bc").
 */
import type { Message } from "../types.js";
import { mixSeed } from "./hash.js";

/** An incremental 64-bit digest: feed fields, then read `hi` and `lo`. */
export class Digest64 {
  private a = 0x811c9dc5 | 0;
  private b = 0x9747b28c | 0;
  private length = 0;

  text(value: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.a = a;
    this.b = b;
    this.length += value.length;
    return this.separator();
  }

  /** Ends a field: a code unit no text field holds on its own (0xffff is a noncharacter). */
  separator(): this {
    this.a = Math.imul(this.a ^ 0xffff, 0x01000193);
    this.b = Math.imul(this.b ^ 0xffff, 0x5bd1e995);
    this.b ^= this.b >>> 15;
    this.length++;
    return this;
  }

  conversation(messages: readonly Message[]): this {
    this.text(String(messages.length));
    for (const m of messages) {
      this.text(m.role);
      if (typeof m.content === "string") this.text(m.content);
      else for (const p of m.content) this.text(p.type === "text" ? p.text : `\u0000${p.url}`);
    }
    return this;
  }

  get hi(): number {
    return mixSeed(this.a, this.length);
  }

  get lo(): number {
    return mixSeed(this.b, this.length ^ 0x5f3759df);
  }
}

/** The digest of one conversation. */
export function conversationDigest(messages: readonly Message[]): Digest64 {
  return new Digest64().conversation(messages);
}

/** A growing set of 64-bit digests: open addressing over an Int32Array of (hi, lo) pairs. */
export class DigestSet {
  private slots = new Int32Array(2 * 1024);
  private used = new Uint8Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds a digest; true when it was not in the set. */
  add(digest: { readonly hi: number; readonly lo: number }): boolean {
    if (2 * (this.count + 1) > this.used.length) this.grow();
    return this.insert(digest.hi | 0, digest.lo | 0);
  }

  has(digest: { readonly hi: number; readonly lo: number }): boolean {
    const mask = this.used.length - 1;
    for (let i = (digest.hi ^ digest.lo) & mask; this.used[i]; i = (i + 1) & mask) {
      if (this.slots[2 * i] === (digest.hi | 0) && this.slots[2 * i + 1] === (digest.lo | 0))
        return true;
    }
    return false;
  }

  /** Calls `visit` with every digest, in no particular order. */
  forEach(visit: (digest: { hi: number; lo: number }) => void): void {
    for (let i = 0; i < this.used.length; i++)
      if (this.used[i]) visit({ hi: this.slots[2 * i]!, lo: this.slots[2 * i + 1]! });
  }

  private insert(hi: number, lo: number): boolean {
    const mask = this.used.length - 1;
    let i = (hi ^ lo) & mask;
    for (; this.used[i]; i = (i + 1) & mask) {
      if (this.slots[2 * i] === hi && this.slots[2 * i + 1] === lo) return false;
    }
    this.used[i] = 1;
    this.slots[2 * i] = hi;
    this.slots[2 * i + 1] = lo;
    this.count++;
    return true;
  }

  private grow(): void {
    const { slots, used } = this;
    this.slots = new Int32Array(slots.length * 2);
    this.used = new Uint8Array(used.length * 2);
    this.count = 0;
    for (let i = 0; i < used.length; i++)
      if (used[i]) this.insert(slots[2 * i]!, slots[2 * i + 1]!);
  }
}
