/**
 * Reads and writes a table through a field mapping (field-mapping.ts): each mapped column
 * becomes its comparison field, each label column a label. A mapped column missing from a
 * record is that record's error (`field: missing`); a label value the mapping does not know
 * is an error naming the value and the mapping. An empty or null label is unparsed (null).
 */
import type { Comparison, ComparisonLabel } from "../../../core/dataset/comparison.js";
import type { Message } from "../../../core/types.js";
import { valueAtPath } from "../../record-fields.js";
import { numberLike } from "../text-values.js";
import type { FieldMapping } from "./field-mapping.js";
import { fail, idText, messagesOf, type Read, textOf } from "./judgment-fields.js";
import { describeValues, type LabelMeaning, NAMED_MEANINGS, valueKey } from "./label-values.js";

/** Dotted paths split once: a table of a million rows reads the same few paths each row. */
const SPLIT_PATHS = new Map<string, string[]>();
function at(record: Readonly<Record<string, unknown>>, path: string): unknown {
  let parts = SPLIT_PATHS.get(path);
  if (!parts) SPLIT_PATHS.set(path, (parts = path.split(".")));
  return valueAtPath(record, parts);
}

function numberAt(record: Readonly<Record<string, unknown>>, path: string): Read<number> {
  const parsed = numberLike.safeParse(at(record, path));
  return parsed.success ? { ok: true, value: parsed.data } : fail(path, "expected a number");
}

function meaning(value: unknown, path: string, mapping: FieldMapping): Read<LabelMeaning | null> {
  if (value === null || value === "") return { ok: true, value: null };
  const key = valueKey(value);
  const found =
    key === undefined
      ? undefined
      : mapping.values
        ? mapping.values.get(key)
        : NAMED_MEANINGS[key.toLowerCase()];
  if (found) return { ok: true, value: found };
  return fail(
    path,
    `unmapped label value ${JSON.stringify(value)} (mapping: ${describeValues(mapping.values)}; give --labels)`,
  );
}

function prompt(record: Readonly<Record<string, unknown>>, mapping: FieldMapping): Read<Message[]> {
  const { prompt: p, input } = mapping.fields;
  const base =
    p === undefined ? { ok: true as const, value: [] } : messagesOf(at(record, p), p, "user");
  if (!base.ok || input === undefined) return base;
  const extra = at(record, input);
  if (typeof extra !== "string") return fail(input, "expected text");
  if (extra === "") return base;
  const last = base.value.at(-1);
  if (last?.role === "user" && typeof last.content === "string")
    return {
      ok: true,
      value: [...base.value.slice(0, -1), { role: "user", content: `${last.content}\n\n${extra}` }],
    };
  return { ok: true, value: [...base.value, { role: "user", content: extra }] };
}

/**
 * A record through a mapping.
 * @param systems the two systems when the table names none (`--systems A,B`).
 */
/** What a mapping reads, worked out once per mapping rather than once per row. */
interface Plan {
  /** Every mapped path, each required in every record. */
  readonly paths: readonly string[];
  /** Top-level fields the mapping reads: the rest of a record is kept as `extra`. */
  readonly modelled: ReadonlySet<string>;
}
const PLANS = new WeakMap<FieldMapping, Plan>();

function planOf(mapping: FieldMapping): Plan {
  let plan = PLANS.get(mapping);
  if (!plan) {
    const paths = [...Object.values(mapping.fields), ...mapping.labels.map((l) => l.path)].filter(
      (path): path is string => path !== undefined,
    );
    plan = { paths, modelled: new Set(paths.filter((path) => !path.includes("."))) };
    PLANS.set(mapping, plan);
  }
  return plan;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A record through a mapping. Objects are built by assignment, not spreads: a table of a
 * million rows makes a million of them.
 * @param systems the two systems when the table names none (`--systems A,B`).
 */
export function readMapped(
  record: Readonly<Record<string, unknown>>,
  mapping: FieldMapping,
  systems?: readonly [string, string],
): Read<Comparison> {
  const f = mapping.fields;
  const plan = planOf(mapping);
  for (const path of plan.paths) if (at(record, path) === undefined) return fail(path, "missing");
  const p = prompt(record, mapping);
  if (!p.ok) return p;
  const a = f.a === undefined ? undefined : messagesOf(at(record, f.a), f.a, "assistant");
  if (a && !a.ok) return a;
  const b = f.b === undefined ? undefined : messagesOf(at(record, f.b), f.b, "assistant");
  if (b && !b.ok) return b;
  let scores: [number, number] | undefined;
  if (f.score_a && f.score_b) {
    const sa = numberAt(record, f.score_a);
    const sb = numberAt(record, f.score_b);
    if (!sa.ok) return sa;
    if (!sb.ok) return sb;
    scores = [sa.value, sb.value];
  }
  let probability: number | undefined;
  if (f.probability) {
    const x = numberAt(record, f.probability);
    if (!x.ok) return x;
    if (!(x.value >= 0 && x.value <= 1))
      return fail(f.probability, "expected a probability in [0, 1]");
    probability = x.value;
  }
  let turn: number | undefined;
  if (f.turn) {
    const x = numberAt(record, f.turn);
    if (!x.ok) return x;
    turn = x.value;
  }
  const labels: ComparisonLabel[] = [];
  const label = (labeller: string, preference: number | null, raw?: unknown) => {
    const l: Mutable<ComparisonLabel> = { labeller, preference };
    if (mapping.source !== undefined) l.source = mapping.source;
    if (scores) l.scores = scores;
    if (probability !== undefined) l.probability = probability;
    if (turn !== undefined) l.turn = turn;
    if (raw !== undefined) l.raw = raw;
    return l;
  };
  for (const column of mapping.labels) {
    const value = at(record, column.path);
    const m = meaning(value, column.path, mapping);
    if (!m.ok) return m;
    let labeller = column.name;
    if (f.labeller) {
      const named = idText(at(record, f.labeller));
      if (named === undefined) return fail(f.labeller, "expected text");
      labeller = named;
    }
    const l = label(labeller, m.value?.preference ?? null, value);
    if (m.value?.strong) l.strong = true;
    if (m.value?.bothBad) l.bothBad = true;
    labels.push(l);
  }
  if (mapping.labels.length === 0 && scores) {
    const [sa, sb] = scores;
    labels.push(label("scores", sa > sb ? 1 : sa < sb ? 0 : 0.5));
  }
  const extra: Record<string, unknown> = {};
  for (const key in record) if (!plan.modelled.has(key)) extra[key] = record[key];
  const c: Mutable<Comparison> = { prompt: p.value, labels, extra };
  const id = f.id ? idText(at(record, f.id)) : undefined;
  if (id !== undefined) c.id = id;
  if (a) c.a = a.value;
  if (b) c.b = b.value;
  const systemA = f.system_a ? idText(at(record, f.system_a)) : systems?.[0];
  const systemB = f.system_b ? idText(at(record, f.system_b)) : systems?.[1];
  if (systemA !== undefined) c.systemA = systemA;
  if (systemB !== undefined) c.systemB = systemB;
  const subset = f.subset ? idText(at(record, f.subset)) : undefined;
  if (subset !== undefined) c.subset = subset;
  return { ok: true, value: c };
}

function setAt(record: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = record;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = (next && typeof next === "object" ? next : (node[part] = {})) as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

/** The code a mapping writes for a label: the first `--labels` code of its meaning, or its name. */
function codeOf(label: ComparisonLabel, mapping: FieldMapping): Read<unknown> {
  if (label.preference === null) return { ok: true, value: null };
  const same = (m: LabelMeaning) =>
    m.preference === label.preference &&
    (m.strong === true) === (label.strong === true) &&
    (m.bothBad === true) === (label.bothBad === true);
  if (label.raw !== undefined && label.raw !== null) {
    const key = valueKey(label.raw);
    const m =
      key === undefined
        ? undefined
        : mapping.values
          ? mapping.values.get(key)
          : NAMED_MEANINGS[key];
    if (m && same(m)) return { ok: true, value: label.raw };
  }
  const entries = mapping.values ? [...mapping.values] : Object.entries(NAMED_MEANINGS);
  const found = entries.find(([, m]) => same(m));
  if (found) return { ok: true, value: /^\d+$/.test(found[0]) ? Number(found[0]) : found[0] };
  return fail(
    "label",
    `preference ${label.preference} has no code in the mapping (${describeValues(mapping.values)})`,
  );
}

/** A comparison as mapped records: one per record, or one per label with a labeller column. */
export function writeMapped(c: Comparison, mapping: FieldMapping): Read<Record<string, unknown>[]> {
  const f = mapping.fields;
  const base: Record<string, unknown> = { ...c.extra };
  if (f.prompt) {
    const text = textOf(c.prompt, f.prompt, "user");
    setAt(base, f.prompt, text.ok ? text.value : c.prompt);
  }
  if (f.input) setAt(base, f.input, "");
  for (const [field, value] of [
    [f.a, c.a],
    [f.b, c.b],
  ] as const) {
    if (!field) continue;
    if (!value) return fail(field, "missing (the comparison has no such response)");
    const text = textOf(value, field, "assistant");
    setAt(base, field, text.ok ? text.value : value);
  }
  for (const [field, value] of [
    [f.system_a, c.systemA],
    [f.system_b, c.systemB],
    [f.id, c.id],
    [f.subset, c.subset],
  ] as const) {
    if (field && value !== undefined) setAt(base, field, value);
  }
  const first = c.labels[0];
  for (const [field, value] of [
    [f.turn, first?.turn],
    [f.probability, first?.probability],
    [f.score_a, first?.scores?.[0]],
    [f.score_b, first?.scores?.[1]],
  ] as const) {
    if (field && value !== undefined) setAt(base, field, value);
  }
  if (f.labeller) {
    const out: Record<string, unknown>[] = [];
    for (const label of c.labels) {
      const code = codeOf(label, mapping);
      if (!code.ok) return code;
      const record = structuredClone(base);
      setAt(record, f.labeller, label.labeller);
      setAt(record, mapping.labels[0]!.path, code.value);
      out.push(record);
    }
    return { ok: true, value: out };
  }
  for (const column of mapping.labels) {
    const label = c.labels.find((l) => l.labeller === column.name);
    if (!label) return fail(column.path, `no label by ${column.name}`);
    const code = codeOf(label, mapping);
    if (!code.ok) return code;
    setAt(base, column.path, code.value);
  }
  return { ok: true, value: [base] };
}
