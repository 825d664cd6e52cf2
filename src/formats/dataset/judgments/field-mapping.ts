/**
 * A mapping from a table's columns to a comparison's fields, for judgment files no reader knows:
 * `--map prompt=instruction,a=response1,b=response2,label.annotator1=annotator1` with
 * `--labels 0=tie,1=a,2=b`, or the same as JSON in `--mapping FILE.json`
 * (`{"map": {…}, "labels": {…}}`). Paths are dotted (`meta.category` reaches into an object).
 * Checked with zod; every problem names its key (`map.promt: unknown key …`).
 */
import { z } from "zod";
import { type FieldIssue, zodIssues } from "../field-issue.js";
import { type LabelValues, labelValues } from "./label-values.js";

/** The comparison fields a column can be mapped to, besides labels. */
export const MAPPED_FIELDS = [
  "prompt",
  "input",
  "a",
  "b",
  "system_a",
  "system_b",
  "id",
  "subset",
  "turn",
  "probability",
  "score_a",
  "score_b",
  "labeller",
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

export interface LabelColumn {
  /** The labeller's name: `label.<name>`, or the column itself for `label=`. */
  readonly name: string;
  readonly path: string;
}

export interface FieldMapping {
  readonly fields: Readonly<Partial<Record<MappedField, string>>>;
  readonly labels: readonly LabelColumn[];
  /** `--labels`: what each label value means; without it, the names a, b, tie, … */
  readonly values?: LabelValues;
  /** Who the labels come from when the table does not say: "human" unless told. */
  readonly source: "human" | "ai";
}

const KEY = new RegExp(`^(${MAPPED_FIELDS.join("|")}|label|label\\.[^.\\s]+)$`);

const mappingFile = z.strictObject({
  map: z.record(z.string(), z.string().trim().min(1, "names no column")).superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      if (!KEY.test(key)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `unknown key (expected ${MAPPED_FIELDS.join(", ")}, label or label.<name>)`,
        });
      }
    }
  }),
  labels: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  source: z.enum(["human", "ai"]).optional(),
});

export type MappingResult =
  | { ok: true; mapping: FieldMapping }
  | { ok: false; issues: FieldIssue[] };

/** A mapping from its JSON form (`--mapping FILE.json`, or `--map`/`--labels` parsed). */
export function parseMapping(input: unknown): MappingResult {
  const parsed = mappingFile.safeParse(input);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const { map, labels, source } = parsed.data;
  const fields: Partial<Record<MappedField, string>> = {};
  const columns: LabelColumn[] = [];
  for (const [key, path] of Object.entries(map)) {
    if (key === "label") columns.push({ name: path, path });
    else if (key.startsWith("label.")) columns.push({ name: key.slice("label.".length), path });
    else fields[key as MappedField] = path;
  }
  const issues: FieldIssue[] = [];
  if (columns.length === 0 && !(fields.score_a && fields.score_b))
    issues.push({
      field: "map",
      message: "maps no label (label=COLUMN, label.NAME=COLUMN, or score_a and score_b)",
    });
  if (fields.labeller && columns.length !== 1)
    issues.push({
      field: "map.labeller",
      message: "names the labeller of one label column (label=COLUMN)",
    });
  if ((fields.score_a === undefined) !== (fields.score_b === undefined))
    issues.push({
      field: fields.score_a ? "map.score_b" : "map.score_a",
      message: "missing (scores come in pairs)",
    });
  let values: LabelValues | undefined;
  if (labels) {
    const v = labelValues(labels);
    if (!v.ok) issues.push(...v.issues);
    else values = v.values;
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    mapping: {
      fields,
      labels: columns,
      ...(values ? { values } : {}),
      source: source ?? "human",
    },
  };
}

/** `a=b,c=d` as `{a: "b", c: "d"}`; a piece without "=" is an issue naming the option. */
function pairs(
  text: string,
  option: string,
): { ok: true; value: Record<string, string> } | { ok: false; issues: FieldIssue[] } {
  const out: Record<string, string> = {};
  for (const piece of text.split(",")) {
    if (piece.trim() === "") continue;
    const eq = piece.indexOf("=");
    if (eq <= 0) {
      return {
        ok: false,
        issues: [{ field: option, message: `${JSON.stringify(piece)} is not KEY=VALUE` }],
      };
    }
    out[piece.slice(0, eq).trim()] = piece.slice(eq + 1).trim();
  }
  return { ok: true, value: out };
}

/** The mapping `--map` and `--labels` give (each a comma-separated KEY=VALUE list). */
export function parseMapOptions(map: string, labels?: string): MappingResult {
  const m = pairs(map, "--map");
  if (!m.ok) return m;
  const l = labels === undefined ? undefined : pairs(labels, "--labels");
  if (l && !l.ok) return l;
  const parsed = parseMapping({ map: m.value, ...(l ? { labels: l.value } : {}) });
  if (parsed.ok) return parsed;
  // Worded as the options are: "--map promt: unknown key", "--labels 3: unknown meaning".
  return {
    ok: false,
    issues: parsed.issues.map((i) => ({
      field: i.field
        .replace(/^map\.?/, "--map ")
        .replace(/^labels\.?/, "--labels ")
        .trim(),
      message: i.message,
    })),
  };
}

/** `--labels` alone, for the annotator-table reader's codes. */
export function parseLabelsOption(
  labels: string,
): { ok: true; values: LabelValues } | { ok: false; issues: FieldIssue[] } {
  const l = pairs(labels, "--labels");
  if (!l.ok) return l;
  const v = labelValues(l.value, "--labels");
  return v.ok
    ? v
    : {
        ok: false,
        issues: v.issues.map((i) => ({ ...i, field: i.field.replace(/^--labels\./, "--labels ") })),
      };
}
