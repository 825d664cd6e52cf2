/**
 * Merges per-range accumulator states (in file order) into one leaderboard input per group,
 * with systems in sorted order so the result does not depend on how the input was split.
 */

import type { LeaderboardInput } from "../../core/rating/leaderboard-types.js";
import {
  canonicalCounts,
  type OutcomeCode,
  OutcomeCounter,
} from "../../core/rating/outcome-counts.js";
import type { AccumulatorState, GroupState } from "./battle-accumulator.js";

export function mergeStates(
  states: readonly AccumulatorState[],
  orderByTime: boolean,
): Map<string, LeaderboardInput> {
  const parts = new Map<string, GroupState[]>();
  for (const state of states) {
    for (const [key, group] of state.groups) {
      const list = parts.get(key) ?? [];
      list.push(group);
      parts.set(key, list);
    }
  }
  const out = new Map<string, LeaderboardInput>();
  for (const key of [...parts.keys()].sort())
    out.set(key, mergeGroup(parts.get(key)!, orderByTime));
  return out;
}

function mergeGroup(groups: readonly GroupState[], orderByTime: boolean): LeaderboardInput {
  const counter = new OutcomeCounter();
  for (const g of groups) {
    for (let r = 0; r < g.rows.length; r += 4) {
      counter.add(
        g.systems[g.rows[r]!]!,
        g.systems[g.rows[r + 1]!]!,
        g.rows[r + 2]! as OutcomeCode,
        g.rows[r + 3]!,
      );
    }
  }
  const counts = canonicalCounts(counter.toCounts());
  if (!groups.every((g) => g.sequence)) return { counts };

  const id = new Map(counts.systems.map((name, k) => [name, k]));
  const total = groups.reduce((s, g) => s + g.sequence!.a.length, 0);
  const a = new Int32Array(total);
  const b = new Int32Array(total);
  const outcome = new Uint8Array(total);
  const tstamp = new Float64Array(total);
  const styleA = new Float64Array(total * 4);
  const styleB = new Float64Array(total * 4);
  let offset = 0;
  for (const g of groups) {
    const s = g.sequence!;
    const remap = g.systems.map((name) => id.get(name)!);
    for (let t = 0; t < s.a.length; t++) {
      a[offset + t] = remap[s.a[t]!]!;
      b[offset + t] = remap[s.b[t]!]!;
    }
    outcome.set(s.outcome, offset);
    tstamp.set(s.tstamp, offset);
    styleA.set(s.styleA, offset * 4);
    styleB.set(s.styleB, offset * 4);
    offset += s.a.length;
  }
  let order: Int32Array | undefined;
  // FastChat sorts battles by tstamp before online Elo; a stable sort keeps file order on ties.
  if (orderByTime && tstamp.every((t) => Number.isFinite(t))) {
    order = Int32Array.from({ length: total }, (_, k) => k).sort(
      (x, y) => tstamp[x]! - tstamp[y]! || x - y,
    );
  }
  const pick = <T extends Int32Array | Uint8Array>(v: T): T =>
    order ? (v.map((_, k) => v[order[k]!]!) as T) : v;
  const pickStyle = (v: Float64Array): Float64Array => {
    if (!order) return v;
    const out = new Float64Array(v.length);
    for (let k = 0; k < total; k++) out.set(v.subarray(order[k]! * 4, order[k]! * 4 + 4), k * 4);
    return out;
  };
  return {
    counts,
    sequence: {
      systemCount: counts.systems.length,
      a: pick(a),
      b: pick(b),
      outcome: pick(outcome),
    },
    style: { a: pickStyle(styleA), b: pickStyle(styleB) },
  };
}
