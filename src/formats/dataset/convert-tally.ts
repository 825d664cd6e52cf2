/**
 * What a conversion must know about the whole input before it writes anything, gathered by a
 * first pass over the file when a decision needs it (convert.ts):
 * - the direction counts of every conflict group, for `--conflicts majority|drop` (16 bytes per
 *   distinct group; core/dataset/conflicts.ts);
 * - the prompts and candidates that kept judgments use, for `--where` on canonical input
 *   written back as canonical entries (8 bytes per id used).
 * With `--conflicts keep` and no canonical `--where`, one pass counts the conflicts as it writes.
 */
import { Digest64, DigestSet } from "../../core/dataset/digest-set.js";
import { DirectionCounts } from "../../core/dataset/direction-counts.js";

export class ConversionTally {
  readonly conflicts = new DirectionCounts();
  private readonly used = new DigestSet();

  /** Notes an entry id (prompt or candidate) that a kept judgment refers to. */
  use(id: string): void {
    this.used.add(new Digest64().text(id));
  }

  isUsed(id: string): boolean {
    return this.used.has(new Digest64().text(id));
  }
}
