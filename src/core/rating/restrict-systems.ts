/** Drops systems with fewer than `minBattles` battles, and every battle that involves them. */
import type { LeaderboardInput } from "./leaderboard-types.js";

export function battlesPerSystem(input: LeaderboardInput): Float64Array {
  const { counts } = input;
  const battles = new Float64Array(counts.systems.length);
  for (let r = 0; r < counts.count.length; r++) {
    battles[counts.a[r]!]! += counts.count[r]!;
    battles[counts.b[r]!]! += counts.count[r]!;
  }
  return battles;
}

export function restrictSystems(input: LeaderboardInput, minBattles: number): LeaderboardInput {
  const battles = battlesPerSystem(input);
  const { counts, sequence, style } = input;
  const newId = new Int32Array(counts.systems.length).fill(-1);
  const systems: string[] = [];
  counts.systems.forEach((name, id) => {
    if (battles[id]! >= minBattles && battles[id]! > 0) {
      newId[id] = systems.length;
      systems.push(name);
    }
  });
  if (systems.length === counts.systems.length) return input;

  const keepRow = (a: number, b: number) => newId[a]! >= 0 && newId[b]! >= 0;
  const rows: number[] = [];
  for (let r = 0; r < counts.count.length; r++)
    if (keepRow(counts.a[r]!, counts.b[r]!)) rows.push(r);
  const out: { -readonly [K in keyof LeaderboardInput]: LeaderboardInput[K] } = {
    counts: {
      systems,
      a: Int32Array.from(rows, (r) => newId[counts.a[r]!]!),
      b: Int32Array.from(rows, (r) => newId[counts.b[r]!]!),
      outcome: Uint8Array.from(rows, (r) => counts.outcome[r]!),
      count: Float64Array.from(rows, (r) => counts.count[r]!),
    },
  };
  if (sequence) {
    const kept: number[] = [];
    for (let t = 0; t < sequence.a.length; t++)
      if (keepRow(sequence.a[t]!, sequence.b[t]!)) kept.push(t);
    out.sequence = {
      systemCount: systems.length,
      a: Int32Array.from(kept, (t) => newId[sequence.a[t]!]!),
      b: Int32Array.from(kept, (t) => newId[sequence.b[t]!]!),
      outcome: Uint8Array.from(kept, (t) => sequence.outcome[t]!),
    };
    if (style) {
      const a = new Float64Array(kept.length * 4);
      const b = new Float64Array(kept.length * 4);
      kept.forEach((t, k) => {
        a.set(style.a.subarray(t * 4, t * 4 + 4), k * 4);
        b.set(style.b.subarray(t * 4, t * 4 + 4), k * 4);
      });
      out.style = { a, b };
    }
  }
  return out;
}
