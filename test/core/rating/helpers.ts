/**
 * Shared builders for the rating tests: hand-made pair tables, outcome counts from battle
 * sequences, and the JSONL fixtures read with plain JSON.parse (no format reader involved, so
 * the core is checked independently of src/formats).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BattleSequence } from "../../../src/core/rating/online-elo.js";
import {
  OUTCOME_A,
  OUTCOME_B,
  OUTCOME_TIE,
  OUTCOME_TIE_BOTH_BAD,
  type OutcomeCode,
  OutcomeCounter,
  type OutcomeCounts,
} from "../../../src/core/rating/outcome-counts.js";
import type { PairTable } from "../../../src/core/rating/pair-table.js";

export type Row = readonly [i: number, j: number, winsI: number, winsJ: number, ties: number];

export function tableOf(systemCount: number, rows: readonly Row[]): PairTable {
  return {
    systemCount,
    i: Int32Array.from(rows, (r) => r[0]),
    j: Int32Array.from(rows, (r) => r[1]),
    winsI: Float64Array.from(rows, (r) => r[2]),
    winsJ: Float64Array.from(rows, (r) => r[3]),
    ties: Float64Array.from(rows, (r) => r[4]),
  };
}

/** One battle row as [system A, system B, outcome, count]. */
export type CountRow = readonly [a: string, b: string, outcome: OutcomeCode, count: number];

/** Outcome counts from named rows; systems are numbered in order of first appearance. */
export function countsOf(
  rows: readonly CountRow[],
  systems: readonly string[] = [],
): OutcomeCounts {
  const counter = new OutcomeCounter();
  for (const name of systems) counter.systemId(name);
  for (const [a, b, outcome, count] of rows) counter.add(a, b, outcome, count);
  return counter.toCounts();
}

/** Outcome counts of a battle sequence, system i named `names[i]` (default "s0", "s1", …). */
export function countsFromSequence(sequence: BattleSequence, names?: readonly string[]) {
  const counter = new OutcomeCounter();
  for (let i = 0; i < sequence.systemCount; i++) counter.systemId(names?.[i] ?? `s${i}`);
  for (let t = 0; t < sequence.a.length; t++) {
    counter.addIds(sequence.a[t]!, sequence.b[t]!, sequence.outcome[t]! as OutcomeCode);
  }
  return counter.toCounts();
}

export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../fixtures/${relative}`, import.meta.url));
}

const WINNER: Record<string, OutcomeCode> = {
  model_a: OUTCOME_A,
  model_b: OUTCOME_B,
  tie: OUTCOME_TIE,
  "tie (bothbad)": OUTCOME_TIE_BOTH_BAD,
};

export interface ArenaFixture {
  counts: OutcomeCounts;
  /** The battles in file order; ids index `counts.systems`. */
  sequence: BattleSequence;
}

/** Reads a fixture arena log (one JSON object per line) into counts and a battle sequence. */
export function readArenaFixture(relative: string): ArenaFixture {
  const lines = readFileSync(fixturePath(relative), "utf8").split("\n");
  const counter = new OutcomeCounter();
  const a: number[] = [];
  const b: number[] = [];
  const outcome: number[] = [];
  for (const line of lines) {
    if (line.trim() === "") continue;
    const record = JSON.parse(line) as { model_a: string; model_b: string; winner: string };
    const code = WINNER[record.winner];
    if (code === undefined) throw new Error(`unexpected winner ${record.winner}`);
    const ia = counter.systemId(record.model_a);
    const ib = counter.systemId(record.model_b);
    counter.addIds(ia, ib, code);
    a.push(ia);
    b.push(ib);
    outcome.push(code);
  }
  const counts = counter.toCounts();
  return {
    counts,
    sequence: {
      systemCount: counts.systems.length,
      a: Int32Array.from(a),
      b: Int32Array.from(b),
      outcome: Uint8Array.from(outcome),
    },
  };
}

interface ExpectedFile {
  models_order: string[];
  fastchat_bt: { ratings: Record<string, number> };
  exact_mle: { ratings: Record<string, number> };
  online_elo: { k: number; ratings: Record<string, number> };
  fastchat_bootstrap_bt: {
    ratings: Record<string, { median: number; lower_2_5: number; upper_97_5: number; std: number }>;
  };
  counts: {
    n_battles: number;
    per_model: Record<string, { battles: number; wins: number; losses: number; ties: number }>;
    per_pair: {
      a: string;
      b: string;
      battles: number;
      wins_a: number;
      wins_b: number;
      ties: number;
    }[];
  };
}

/** The Python reference numbers of test/fixtures/reference/expected.json, by fixture name. */
export function readExpected(): Record<string, ExpectedFile> {
  const text = readFileSync(fixturePath("reference/expected.json"), "utf8");
  return (JSON.parse(text) as { files: Record<string, ExpectedFile> }).files;
}

/** Where each fixture named in expected.json lives under test/fixtures. */
export const FIXTURES = {
  "arena_hard_battles_57a9881.jsonl": "arena-hard/arena_hard_battles_57a9881.jsonl",
  "arena_hard_battles_74e8b6f.jsonl": "arena-hard/arena_hard_battles_74e8b6f.jsonl",
  "arena-sim-8.jsonl": "simulated/arena-sim-8.jsonl",
} as const;
