/**
 * The decisions a conversion makes about each item (convert.ts), every one counted under its
 * reason in the summary's `dropped`: quality filters (`--keep-identical`, `--drop-empty`,
 * `--max-chars`), contradictory preferences (`--conflicts`, counted in a first pass when the
 * policy needs the whole input: convert-tally.ts), and, under `--where` on canonical input
 * written back as canonical entries, the prompts and candidates no kept judgment uses.
 */
import { canonicalUses } from "../../core/dataset/canonical-resolver.js";
import { type ConflictPolicy, conflictVerdict } from "../../core/dataset/conflicts.js";
import { isBlank, textLength } from "../../core/dataset/preference.js";
import type { WhereClause } from "../record-fields.js";
import { conflictKeyOf } from "./conflict-keys.js";
import type { ConversionTally } from "./convert-tally.js";
import { isIdentical, textsOf } from "./item-keys.js";
import type { DatasetItem } from "./items.js";

export interface FilterOptions {
  readonly keepIdentical: boolean;
  readonly dropEmpty: boolean;
  /** Drop items with more characters of text than this. */
  readonly maxChars?: number;
  /** Contradictory preferences: kept (counted only), the majority kept, or all left out. */
  readonly conflicts: ConflictPolicy;
  /** Keep records whose field (dotted path) has this value, as text. */
  readonly where: readonly WhereClause[];
}

/**
 * A first pass tallies and writes nothing; the second writes by the tally; a single pass does
 * both (when no decision needs the whole input first).
 */
export type Pass = "tally" | "write" | "tally and write";

const DROPPED_BY_CONFLICT = {
  minority: "conflict: minority direction (--conflicts majority)",
  "even split": "conflict: even split (--conflicts majority)",
  conflict: "conflict (--conflicts drop)",
} as const;

export class ItemFilters {
  constructor(
    private readonly options: FilterOptions,
    private readonly tally: ConversionTally,
    private readonly pass: Pass,
    /** The summary's counts of items left out, by reason. */
    private readonly dropped: Record<string, number>,
  ) {}

  /** Counts `n` items left out for `reason`. */
  drop(reason: string, n = 1): false {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + n;
    return false;
  }

  /** Quality filters of an output item; false when it is left out. */
  keep(item: DatasetItem): boolean {
    const { options } = this;
    if (!options.keepIdentical && isIdentical(item))
      return this.drop("identical chosen and rejected");
    const texts = textsOf(item);
    if (options.dropEmpty && texts.responses.some(isBlank)) return this.drop("empty response");
    if (options.maxChars !== undefined) {
      const length = texts.all.reduce((n, m) => n + textLength(m), 0);
      if (length > options.maxChars) return this.drop("longer than --max-chars");
    }
    return true;
  }

  /**
   * Counts the item in its conflict group, or applies `--conflicts` to it from the first pass's
   * counts; false when it is left out.
   */
  settle(item: DatasetItem): boolean {
    const key = conflictKeyOf(item);
    if (!key) return true;
    if (this.pass !== "write") {
      this.tally.conflicts.add(key.group, key.direction);
      return true;
    }
    const counts = this.tally.conflicts.get(key.group);
    const verdict = conflictVerdict(counts, key.direction, this.options.conflicts);
    return verdict === "keep" || this.drop(DROPPED_BY_CONFLICT[verdict]);
  }

  /**
   * Canonical entries are written as they come, except under `--where` on canonical input: a
   * prompt or candidate is kept only when a kept judgment uses it (the first pass found which),
   * so the output never names an entry it does not hold. Systems are all kept.
   */
  keepEntry(item: Extract<DatasetItem, { kind: "entry" }>, canonicalInput: boolean): boolean {
    if (!canonicalInput || this.options.where.length === 0) return true;
    const { entry } = item;
    if (entry.type === "judgment") {
      if (this.pass === "tally") for (const id of canonicalUses(entry.judgment)) this.tally.use(id);
      return true;
    }
    if (this.pass !== "write" || entry.type === "system") return true;
    const id = entry.type === "prompt" ? entry.prompt.id : entry.candidate.id;
    return this.tally.isUsed(id) || this.drop(`--where: ${entry.type} no kept judgment uses`);
  }
}
