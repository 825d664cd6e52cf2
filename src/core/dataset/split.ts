/**
 * Deterministic splits by prompt: every record whose prompt has the same key lands in the
 * same split, so no prompt leaks between train and test. A prompt's split depends only on its
 * key and the seed (a keyed hash), not on record order or file size.
 */
import { usageError } from "../issue.js";
import { fnv1a32, mixSeed } from "./hash.js";

export interface SplitSpec {
  /** Split names with their shares; shares are normalised to sum to 1. */
  readonly fractions: readonly (readonly [string, number])[];
  readonly seed: number;
}

/** Parses "train=0.9,test=0.1". @throws IssueError `usage` on a malformed or non-positive share. */
export function parseFractions(text: string): [string, number][] {
  const out = text.split(",").map((part): [string, number] => {
    const eq = part.indexOf("=");
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? Number.NaN : Number(part.slice(eq + 1));
    if (!name || !(value > 0) || !Number.isFinite(value))
      throw usageError(`bad split "${part.trim()}" (expected NAME=SHARE with SHARE > 0)`);
    // The name becomes part of a file name.
    if (!/^[\w.-]+$/.test(name) || name.startsWith("."))
      throw usageError(`bad split name "${name}" (letters, digits, _, - and . only)`);
    return [name, value];
  });
  if (new Set(out.map(([n]) => n.toLowerCase())).size !== out.length)
    throw usageError("split names must differ (ignoring case)");
  return out;
}

/** The split of a prompt key. */
export function splitOf(key: string, spec: SplitSpec): string {
  const total = spec.fractions.reduce((s, [, f]) => s + f, 0);
  if (!(total > 0)) throw new RangeError("split shares must sum to more than 0");
  const u = (mixSeed(fnv1a32(key), spec.seed) >>> 0) / 2 ** 32;
  let cumulative = 0;
  for (const [name, share] of spec.fractions) {
    cumulative += share / total;
    if (u < cumulative) return name;
  }
  return spec.fractions[spec.fractions.length - 1]![0];
}
