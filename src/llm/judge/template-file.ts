/**
 * User judge templates from a file: YAML or JSON (JSON is YAML too), checked by a strict zod
 * schema; every problem is reported at once as an IssueError with the file, line and key path.
 *
 *   id: my-pairwise
 *   version: 1
 *   mode: pairwise                      # pairwise | pointwise | listwise
 *   variables: [question, answer_a, answer_b]
 *   system: "You compare two answers…"
 *   user: "[Question]\n{{question}}\n…"
 *   verdict:
 *     format: labels                    # labels | regex | json
 *     patterns: ['\[\[([AB<>=]+)\]\]']  # labels: first group (or group `label`) is the label
 *     # regex: pattern: '…(?<score>\d+)…', fallback: ['…'] (tried when pattern finds nothing)
 *     labels: { "A>B": { preference: 1 }, "A=B": { preference: 0.5 }, "B>A": { preference: 0 } }
 *     uppercase: false                  # match on upper-cased text
 *     flags: m                          # m: ^ $ at line ends; s: . matches newlines
 *     pick: last                        # last | first | unique
 *     scale: { min: 1, max: 10 }        # pointwise
 *
 * Checked beyond types: every pattern compiles and has the group its mode needs, every
 * `{{name}}` in the text is a declared variable, and labels mean what the mode is about.
 */
import { readFile } from "node:fs/promises";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { type Issue, IssueError } from "../../core/issue.js";
import { placeholdersOf } from "./render.js";
import {
  type JudgeTemplate,
  type LabelMeaning,
  TEMPLATE_VARIABLES,
  type VerdictSpec,
} from "./types.js";

const labelSchema = z.union([
  z.strictObject({
    preference: z.number().min(0).max(1),
    strength: z.enum(["strong", "weak"]).optional(),
  }),
  z.strictObject({ score: z.number() }),
]);

const common = {
  labels: z.record(z.string().min(1), labelSchema).optional(),
  uppercase: z.boolean().optional(),
  flags: z
    .string()
    .regex(/^(?:m|s|ms|sm)?$/, "may hold only m (^ and $ at line ends) and s (. matches newlines)")
    .optional(),
  pick: z.enum(["last", "first", "unique"]).optional(),
  scale: z.strictObject({ min: z.number(), max: z.number() }).optional(),
};

const verdictSchema = z.discriminatedUnion("format", [
  z.strictObject({
    format: z.literal("labels"),
    patterns: z.array(z.string().min(1)).min(1).optional(),
    ...common,
    labels: z.record(z.string().min(1), labelSchema),
  }),
  z.strictObject({
    format: z.literal("regex"),
    pattern: z.string().min(1),
    fallback: z.array(z.string().min(1)).optional(),
    ...common,
  }),
  z.strictObject({ format: z.literal("json"), field: z.string().min(1), ...common }),
]);

/** The file's schema. */
export const judgeTemplateSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be letters, digits, '.', '_' and '-'"),
  version: z.number().int().positive(),
  mode: z.enum(["pairwise", "pointwise", "listwise"]),
  description: z.string().optional(),
  variables: z.array(z.enum(TEMPLATE_VARIABLES)),
  system: z.string().optional(),
  user: z.string().min(1),
  verdict: verdictSchema,
});
export type JudgeTemplateFile = z.infer<typeof judgeTemplateSchema>;

/** Labels written as `[[label]]`, the default for `format: labels` without patterns. */
export const DOUBLE_BRACKETS = String.raw`\[\[([^\[\]]+?)\]\]`;

/** Checks the schema cannot express; each problem a path and a message. */
function semanticProblems(t: JudgeTemplateFile): [string[], string][] {
  const out: [string[], string][] = [];
  for (const key of ["system", "user"] as const) {
    for (const name of placeholdersOf(t[key] ?? ""))
      if (!(t.variables as string[]).includes(name))
        out.push([[key], `{{${name}}} is not a declared variable (declare it in variables)`]);
  }
  const v = t.verdict;
  const patterns =
    v.format === "labels"
      ? (v.patterns ?? [])
      : v.format === "regex"
        ? [v.pattern, ...(v.fallback ?? [])]
        : [];
  patterns.forEach((p, i) => {
    const path =
      v.format === "labels"
        ? ["verdict", "patterns", String(i)]
        : i === 0
          ? ["verdict", "pattern"]
          : ["verdict", "fallback", String(i - 1)];
    let regex: RegExp;
    try {
      regex = new RegExp(p, v.flags ?? "");
    } catch (error) {
      out.push([path, `not a valid regular expression: ${(error as Error).message}`]);
      return;
    }
    const groups = new RegExp(`${regex.source}|`).exec("")!.length - 1;
    if (groups === 0) out.push([path, "needs a capture group for the verdict"]);
    // Pointwise and listwise may use the first group (a score, an order); pairwise without
    // labels compares two scores.
    if (v.format === "regex" && !v.labels && t.mode === "pairwise")
      for (const g of ["score_a", "score_b"])
        if (!p.includes(`(?<${g}>`))
          out.push([path, `needs the named group (?<${g}>…), or a group (?<label>…) and labels`]);
  });
  const seen = new Map<string, string>();
  for (const [label, meaning] of Object.entries(v.labels ?? {})) {
    const path = ["verdict", "labels", label];
    const folded = label.toUpperCase();
    if (v.uppercase && seen.has(folded))
      out.push([path, `is the same as ${JSON.stringify(seen.get(folded))} on upper-cased text`]);
    seen.set(folded, label);
    if (t.mode === "pairwise" && !("preference" in meaning))
      out.push([path, "a pairwise label needs a preference (0 to 1, for answer A)"]);
    if (t.mode === "pointwise" && !("score" in meaning))
      out.push([path, "a pointwise label needs a score"]);
    if (t.mode === "listwise") out.push([path, "a listwise verdict is an order, not a label"]);
  }
  if (v.scale !== undefined && v.scale.min > v.scale.max)
    out.push([["verdict", "scale"], "min must not be above max"]);
  return out;
}

/** Drops absent strengths, which the file's type allows as `undefined`. */
function cleanLabels(
  labels: NonNullable<JudgeTemplateFile["verdict"]["labels"]>,
): Record<string, LabelMeaning> {
  const out: Record<string, LabelMeaning> = {};
  for (const [label, m] of Object.entries(labels))
    out[label] =
      "score" in m
        ? { score: m.score }
        : m.strength === undefined
          ? { preference: m.preference }
          : { preference: m.preference, strength: m.strength };
  return out;
}

function toTemplate(t: JudgeTemplateFile): JudgeTemplate {
  const v = t.verdict;
  const spec: VerdictSpec =
    v.format === "labels"
      ? {
          format: "labels",
          patterns: v.patterns ?? [DOUBLE_BRACKETS],
          labels: cleanLabels(v.labels),
        }
      : v.format === "regex"
        ? {
            format: "regex",
            pattern: v.pattern,
            ...(v.fallback ? { fallback: v.fallback } : {}),
            ...(v.labels ? { labels: cleanLabels(v.labels) } : {}),
          }
        : {
            format: "json",
            field: v.field,
            ...(v.labels ? { labels: cleanLabels(v.labels) } : {}),
          };
  const template: JudgeTemplate = {
    id: t.id,
    version: t.version,
    mode: t.mode,
    variables: t.variables,
    user: t.user,
    verdict: {
      ...spec,
      uppercase: v.uppercase ?? false,
      ...(v.flags ? { flags: v.flags } : {}),
      pick: v.pick ?? "last",
      ...(v.scale ? { scale: v.scale } : {}),
    },
  };
  if (t.description !== undefined) template.description = t.description;
  if (t.system !== undefined) template.system = t.system;
  return template;
}

/**
 * A judge template from a file's text.
 *
 * @throws IssueError with every problem (code "invalid", or "invalid_json"/"invalid" for syntax),
 *   each located by file, line and key path ("verdict.labels.A>B").
 */
export function parseJudgeTemplate(text: string, file: string): JudgeTemplate {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new IssueError({
      code: file.toLowerCase().endsWith(".json") ? "invalid_json" : "invalid",
      message: `not valid YAML/JSON: ${e.message.split("\n")[0]}`,
      location: { file, line: lines.linePos(e.pos[0]).line },
    });
  }
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      const parent = depth === 0 ? undefined : doc.getIn(path.slice(0, depth - 1), true);
      if (node === undefined && isMap(parent)) {
        const pair = parent.items.find(
          (p) => isScalar(p.key) && String(p.key.value) === String(path[depth - 1]),
        );
        const start = (pair?.key as { range?: number[] } | undefined)?.range?.[0];
        if (start !== undefined) return lines.linePos(start).line;
      }
      const start = (node as { range?: number[] } | null | undefined)?.range?.[0];
      if (start !== undefined) return lines.linePos(start).line;
    }
    return undefined;
  };
  const issueAt = (path: readonly PropertyKey[], message: string): Issue => {
    const line = lineOf(path);
    const location: Issue["location"] = { file, field: path.map(String).join(".") || "(record)" };
    if (line !== undefined) location.line = line;
    return { code: "invalid", message, location };
  };
  const parsed = judgeTemplateSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues.flatMap((i) =>
      i.code === "unrecognized_keys"
        ? i.keys.map((key) => issueAt([...i.path, key], "unknown key"))
        : [issueAt(i.path, i.message)],
    );
    throw new IssueError(first!, ...rest);
  }
  const problems = semanticProblems(parsed.data).map(([path, message]) => issueAt(path, message));
  if (problems.length > 0) throw new IssueError(problems[0]!, ...problems.slice(1));
  return toTemplate(parsed.data);
}

/** Reads and checks a template file. @throws IssueError ("io" when it cannot be read). */
export async function loadJudgeTemplate(file: string): Promise<JudgeTemplate> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new IssueError({
      code: "io",
      message: `cannot read the template: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      location: { file },
    });
  }
  return parseJudgeTemplate(text, file);
}
