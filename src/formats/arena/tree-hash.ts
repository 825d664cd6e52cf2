/** A file's input hash: SHA-256 over the SHA-256 digests of its consecutive 32 MiB segments. */
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";

export const SEGMENT = 32 << 20;

/** SHA-256 digests of a file's consecutive 32 MiB segments. */
export function segmentDigests(path: string): string[] {
  const fd = openSync(path, "r");
  const buffer = Buffer.allocUnsafe(SEGMENT);
  const out: string[] = [];
  try {
    for (let pos = 0; ; ) {
      const n = readSync(fd, buffer, 0, SEGMENT, pos);
      if (n === 0 && out.length > 0) break;
      out.push(createHash("sha256").update(buffer.subarray(0, n)).digest("hex"));
      pos += n;
      if (n < SEGMENT) break;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Combines segment digests (hex) into the file's input hash (hex). */
export function treeHash(digests: readonly string[]): string {
  const tree = createHash("sha256");
  for (const d of digests) tree.update(Buffer.from(d, "hex"));
  return tree.digest("hex");
}
