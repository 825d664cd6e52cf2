/**
 * Turns the fields of one arena battle record (Chatbot Arena battle logs: model_a, model_b,
 * winner ∈ model_a | model_b | tie | tie (bothbad)) into a validated battle, or a precise
 * error naming the field. Shared by every file format, so they all accept the same records.
 */

import {
  OUTCOME_A,
  OUTCOME_B,
  OUTCOME_TIE,
  OUTCOME_TIE_BOTH_BAD,
  type OutcomeCode,
} from "../../core/rating/outcome-counts.js";
import { fieldText, valueAtPath, type WhereClause } from "../record-fields.js";

export interface BattleFieldSpec {
  /** Field whose value names the battle's group (one leaderboard per group). */
  by?: string;
  /** Keep only battles whose field equals the value (compared as text). */
  where: readonly WhereClause[];
  /** Read `tstamp` to order battles (online Elo). */
  timestamps: boolean;
  /** Read conversations / conv_metadata for style control. */
  style: boolean;
}

export type RecordErrorCode =
  | "missing_field"
  | "wrong_type"
  | "unknown_winner"
  | "self_battle"
  | "invalid_json"
  | "duplicate_key"
  | "empty_file";

export interface RecordError {
  code: RecordErrorCode;
  field?: string;
  message: string;
}

export interface ParsedBattle {
  a: string;
  b: string;
  outcome: OutcomeCode;
  /** Group key, or undefined when grouping is off or the record lacks the field. */
  group: string | undefined;
  tstamp: number;
  style?: { a: unknown; b: unknown; metadata: unknown };
}

/** The outcome each `winner` value names. */
export const WINNERS: Readonly<Record<string, OutcomeCode>> = {
  model_a: OUTCOME_A,
  model_b: OUTCOME_B,
  tie: OUTCOME_TIE,
  "tie (bothbad)": OUTCOME_TIE_BOTH_BAD,
};

/** The top-level fields a reader must extract, in a fixed order; see `parseBattle`. */
export function wantedFields(spec: BattleFieldSpec): string[] {
  const fields = ["model_a", "model_b", "winner"];
  const add = (f: string) => {
    if (!fields.includes(f)) fields.push(f);
  };
  if (spec.by) add(topLevel(spec.by));
  for (const w of spec.where) add(topLevel(w.field));
  if (spec.timestamps) add("tstamp");
  if (spec.style) ["conversation_a", "conversation_b", "conv_metadata"].forEach(add);
  return fields;
}

function topLevel(path: string): string {
  const dot = path.indexOf(".");
  return dot < 0 ? path : path.slice(0, dot);
}

/** A field's value by dotted path ("category_tag.math"), after the top level was read. */
export function lookup(
  fields: readonly string[],
  values: readonly unknown[],
  path: string,
): unknown {
  const [top, ...rest] = path.split(".");
  return valueAtPath(values[fields.indexOf(top!)], rest);
}

/**
 * Validates one record. Returns null when a `where` filter excludes it.
 * `values[k]` holds the value of `fields[k]` (undefined when absent).
 */
export function parseBattle(
  spec: BattleFieldSpec,
  fields: readonly string[],
  values: readonly unknown[],
): { ok: true; battle: ParsedBattle | null } | { ok: false; error: RecordError } {
  const a = values[0];
  const b = values[1];
  const winner = values[2];
  for (const [field, value] of [
    ["model_a", a],
    ["model_b", b],
    ["winner", winner],
  ] as const) {
    if (value === undefined || value === null) return fail("missing_field", field, "missing field");
    if (typeof value !== "string")
      return fail("wrong_type", field, `expected text, got ${typeOf(value)}`);
    if (value === "") return fail("missing_field", field, "empty value");
  }
  const outcome = WINNERS[winner as string];
  if (outcome === undefined) {
    return fail(
      "unknown_winner",
      "winner",
      `unknown value ${JSON.stringify(winner)} (expected model_a, model_b, tie or tie (bothbad))`,
    );
  }
  if (a === b)
    return fail("self_battle", "model_b", `same system as model_a (${JSON.stringify(a)})`);
  for (const w of spec.where) {
    if (fieldText(lookup(fields, values, w.field)) !== w.value) return { ok: true, battle: null };
  }
  const group = spec.by ? fieldText(lookup(fields, values, spec.by)) : undefined;
  let tstamp = Number.NaN;
  if (spec.timestamps) {
    const t = values[fields.indexOf("tstamp")];
    tstamp = typeof t === "number" ? t : typeof t === "string" ? Number(t) : Number.NaN;
  }
  const battle: ParsedBattle = { a: a as string, b: b as string, outcome, group, tstamp };
  if (spec.style) {
    battle.style = {
      a: values[fields.indexOf("conversation_a")],
      b: values[fields.indexOf("conversation_b")],
      metadata: values[fields.indexOf("conv_metadata")],
    };
  }
  return { ok: true, battle };
}

function fail(code: RecordErrorCode, field: string, message: string) {
  return { ok: false as const, error: { code, field, message } };
}

function typeOf(value: unknown): string {
  return Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
}
