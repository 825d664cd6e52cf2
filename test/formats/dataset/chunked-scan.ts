/** The text readers' chunk-fed scanners (JSON Lines, JSON array), cut anywhere in tests. */
import fc from "fast-check";
import { expect } from "vitest";
import type { LocatedRecord } from "../../../src/formats/dataset/read-located.js";

interface ChunkScanner {
  push(chunk: Buffer): LocatedRecord[];
  end(): LocatedRecord[];
  /** True once nothing more can be read (the JSON array scanner after a fatal error). */
  readonly stopped?: boolean;
}

/** Scans `text` fed in pieces cut at `cuts` (byte offsets), as the reader does chunk by chunk. */
export function scanCut(
  scanner: ChunkScanner,
  text: string | Buffer,
  cuts: readonly number[] = [],
): LocatedRecord[] {
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  const out: LocatedRecord[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...scanner.push(bytes.subarray(start, cut)));
    start = cut;
    if (scanner.stopped) return out;
  }
  return [...out, ...scanner.end()];
}

/** Cutting `text` anywhere, any number of times, gives what it gives whole. */
export function expectSameWhereverCut(text: Buffer, scanner: () => ChunkScanner): void {
  const whole = scanCut(scanner(), text);
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 })), (cuts) => {
      expect(
        scanCut(
          scanner(),
          text,
          cuts.sort((x, y) => x - y),
        ),
      ).toEqual(whole);
    }),
  );
}

/** [line, record] for a record, [line, message] for an error. */
export const brief = (records: LocatedRecord[]) =>
  records.map((r) => (r.ok ? [r.line, r.record] : [r.line, r.message]));
