/**
 * Win rates against a baseline, the way AlpacaEval and arena-hard report them, per labeller
 * (judge) and system, from joined items where one side is the baseline:
 * - AlpacaEval: the mean preference over items with its standard error, the discrete win rate
 *   and counts (each item one preference: the mean of the judge's labels on it);
 * - arena-hard (methods.md §D5): every label a battle, a strong verdict three, a question with
 *   an unreadable label left out; the score is the bootstrap mean with 5%/95% quantiles;
 * - AlpacaEval 2's length-controlled win rate, when both responses' lengths are known.
 */
import type { JoinedItem } from "../../core/dataset/join-comparisons.js";
import { usageError } from "../../core/issue.js";
import {
  type ArenaHardRow,
  arenaHardScore,
  type LengthControlled,
  lengthControlledWinRate,
  type WinRate,
  winRate,
} from "../../core/metrics/index.js";
import { labellersOf } from "./labeller-votes.js";

export interface WinRateOptions {
  readonly baseline: string;
  /** The labellers whose verdicts count; default all. */
  readonly labellers?: readonly string[];
  /** Bootstrap rounds of the arena-hard score (default 100, as arena-hard-auto). */
  readonly rounds?: number;
  readonly seed?: number;
}

export interface SystemWinRate {
  readonly labeller: string;
  readonly system: string;
  readonly items: number;
  readonly alpacaEval: WinRate;
  /** Null when every question had an unreadable verdict. */
  readonly arenaHard: ArenaHardRow | null;
  /** Questions left out of the arena-hard score for an unreadable verdict. */
  readonly arenaHardDropped: number;
  /** Null without lengths; a string says why it could not be fitted. */
  readonly lengthControlled: LengthControlled | string | null;
}

interface Column {
  preference: number[];
  battles: number[];
  dropped: number;
  lengthModel: number[];
  lengthBaseline: number[];
}

export function winRates(items: readonly JoinedItem[], options: WinRateOptions): SystemWinRate[] {
  const { baseline } = options;
  if (!items.some((i) => i.systemA === baseline || i.systemB === baseline)) {
    const systems = new Set(
      items.flatMap((i) => [i.systemA, i.systemB]).filter((s) => s !== undefined),
    );
    throw usageError(
      `--baseline: no comparison has the system ${baseline}${systems.size > 0 ? ` (systems: ${[...systems].slice(0, 20).join(", ")})` : " (the items name no systems: give them with --systems or --map system_a=…,system_b=…)"}`,
    );
  }
  const labellers = options.labellers ?? labellersOf(items);
  const columns = new Map<string, Column>();
  for (const item of items) {
    const modelIsA = item.systemB === baseline;
    const system = modelIsA ? item.systemA : item.systemA === baseline ? item.systemB : undefined;
    if (system === undefined || system === baseline) continue;
    for (const labeller of labellers) {
      const labels = item.labels.filter((l) => l.labeller === labeller);
      if (labels.length === 0) continue;
      const key = `${labeller}\u0000${system}`;
      let column = columns.get(key);
      if (!column) {
        column = { preference: [], battles: [], dropped: 0, lengthModel: [], lengthBaseline: [] };
        columns.set(key, column);
      }
      const parsed = labels.filter((l) => l.preference !== null);
      const forModel = (p: number) => (modelIsA ? p : 1 - p);
      column.preference.push(
        parsed.length === 0
          ? Number.NaN
          : parsed.reduce((s, l) => s + forModel(l.preference!), 0) / parsed.length,
      );
      if (parsed.length < labels.length) column.dropped++;
      else
        for (const l of parsed)
          for (let k = l.strong ? 3 : 1; k > 0; k--) column.battles.push(forModel(l.preference!));
      column.lengthModel.push((modelIsA ? item.lengthA : item.lengthB) ?? Number.NaN);
      column.lengthBaseline.push((modelIsA ? item.lengthB : item.lengthA) ?? Number.NaN);
    }
  }
  const rows: SystemWinRate[] = [];
  for (const [key, column] of columns) {
    const [labeller, system] = key.split("\u0000") as [string, string];
    const preferences = Float64Array.from(column.preference);
    const arenaHard =
      column.battles.length === 0
        ? null
        : arenaHardScore(
            { [system]: Float64Array.from(column.battles) },
            { rounds: options.rounds ?? 100, seed: options.seed ?? 0 },
          )[0]!;
    const lengthsKnown =
      column.lengthModel.every(Number.isFinite) && column.lengthBaseline.every(Number.isFinite);
    let lengthControlled: SystemWinRate["lengthControlled"] = null;
    if (lengthsKnown) {
      const fit = lengthControlledWinRate({
        preferences,
        lengthModel: Float64Array.from(column.lengthModel),
        lengthBaseline: Float64Array.from(column.lengthBaseline),
      });
      lengthControlled = fit.ok ? fit.value : fit.error.message;
    }
    rows.push({
      labeller,
      system,
      items: preferences.length,
      alpacaEval: winRate(preferences),
      arenaHard,
      arenaHardDropped: column.dropped,
      lengthControlled,
    });
  }
  return rows.sort(
    (x, y) =>
      x.labeller.localeCompare(y.labeller) ||
      (y.alpacaEval.winRate ?? -1) - (x.alpacaEval.winRate ?? -1),
  );
}
