/**
 * Reading a verdict from a judge's text, as the template declares. Pure, and never a silent
 * tie: a text with no verdict, an undeclared label, a score off the scale or an order that is
 * not a permutation is a failure with a reason (the caller retries, then stores the raw text as
 * a failure). A tie is a verdict only when the judge wrote a declared tie label.
 *
 * Several verdicts in one text: the template's `pick` decides — `last` (default; arena-hard
 * takes the last match, and a judge that corrects itself ends with its answer), `first`
 * (MT-Bench's single-answer parser) or `unique` (two different verdicts are a failure). For
 * `labels` the patterns are tried in order and only the first pattern that matches at all is
 * used, as arena-hard falls back from `[[A>B]]` to `[A>B]` (a regex's `fallback` likewise). The picked match must be a declared
 * label: an unknown label at the end is a failure, not a reason to look further back.
 *
 * Cost: linear in the text per pattern (the patterns are the template's).
 */
import type {
  JudgeTemplate,
  LabelMeaning,
  Verdict,
  VerdictFailure,
  VerdictPick,
  VerdictResult,
} from "./types.js";

type Step<T> = { ok: true; value: T } | ({ ok: false } & VerdictFailure);
const fail = (code: VerdictFailure["code"], reason: string): { ok: false } & VerdictFailure => ({
  ok: false,
  code,
  reason,
});

const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);

/** One candidate verdict found in the text: its label (or the whole match) and named groups. */
interface Found {
  label: string;
  groups: Readonly<Record<string, string | undefined>>;
}

function pickOne(
  found: readonly Found[],
  pick: VerdictPick,
  key: (f: Found) => string,
): Step<Found> {
  if (found.length === 0) return fail("no_verdict", "no verdict found");
  if (pick === "first") return { ok: true, value: found[0]! };
  if (pick === "unique") {
    const distinct = [...new Set(found.map(key))];
    if (distinct.length > 1)
      return fail(
        "conflict",
        `${distinct.length} different verdicts: ${distinct.map(quote).join(", ")}`,
      );
  }
  return { ok: true, value: found.at(-1)! };
}

function matchAll(pattern: string, flags: string, text: string): Found[] {
  const regex = new RegExp(pattern, `g${flags}`);
  const out: Found[] = [];
  for (const m of text.matchAll(regex)) {
    const groups = m.groups ?? {};
    const label = groups.label ?? groups.order ?? (m.groups === undefined ? (m[1] ?? m[0]) : m[0]);
    out.push({ label: label.trim(), groups });
  }
  return out;
}

function lookupLabel(
  labels: Readonly<Record<string, LabelMeaning>>,
  label: string,
  uppercase: boolean,
): LabelMeaning | undefined {
  if (Object.hasOwn(labels, label)) return labels[label];
  if (!uppercase) return undefined;
  const key = Object.keys(labels).find((k) => k.toUpperCase() === label.toUpperCase());
  return key === undefined ? undefined : labels[key];
}

function fromMeaning(template: JudgeTemplate, meaning: LabelMeaning, label: string): VerdictResult {
  if ("score" in meaning) return checkScore(template, meaning.score, label);
  const verdict: Verdict = { mode: "pairwise", preference: meaning.preference, label };
  if (meaning.strength !== undefined) verdict.strength = meaning.strength;
  return { ok: true, verdict };
}

function checkScore(template: JudgeTemplate, score: number, label: string): VerdictResult {
  const scale = template.verdict.scale;
  if (!Number.isFinite(score))
    return fail("invalid_value", `score ${quote(label)} is not a number`);
  if (scale !== undefined && (score < scale.min || score > scale.max))
    return fail("invalid_value", `score ${score} is outside the scale ${scale.min}–${scale.max}`);
  return { ok: true, verdict: { mode: "pointwise", score, label } };
}

/** What the caller knows about the item judged. */
export interface ParseVerdictOptions {
  /** Listwise: how many answers were shown; the order must rank every one of them. */
  candidates?: number;
}

/** "2, 1, 3" (1-based) → [1, 0, 2], checked to be a permutation (of all candidates when known). */
function checkOrder(
  raw: string | readonly unknown[],
  label: string,
  candidates: number | undefined,
): VerdictResult {
  const items = typeof raw === "string" ? raw.split(/[\s,>]+/).filter((s) => s !== "") : raw;
  const order = items.map((s) => (typeof s === "number" ? s : Number(s)));
  const n = order.length;
  const seen = new Set<number>();
  for (const v of order) {
    if (!Number.isInteger(v) || v < 1 || v > n || seen.has(v))
      return fail(
        "invalid_value",
        `order ${quote(label)} is not a permutation of 1..${n} (each position once)`,
      );
    seen.add(v);
  }
  if (n === 0) return fail("invalid_value", "the order is empty");
  if (candidates !== undefined && n !== candidates)
    return fail("invalid_value", `order ${quote(label)} ranks ${n} answers, not all ${candidates}`);
  return { ok: true, verdict: { mode: "listwise", order: order.map((v) => v - 1), label } };
}

/** Pairwise preference from two scores: the higher wins; equal scores are the judge's tie. */
function fromScores(a: number, b: number, label: string): VerdictResult {
  if (!Number.isFinite(a) || !Number.isFinite(b))
    return fail("invalid_value", `scores ${quote(label)} are not numbers`);
  return {
    ok: true,
    verdict: { mode: "pairwise", preference: a > b ? 1 : a < b ? 0 : 0.5, label },
  };
}

function fromFound(
  template: JudgeTemplate,
  found: Found,
  options: ParseVerdictOptions,
): VerdictResult {
  const { groups, label } = found;
  const labels = template.verdict.format === "json" ? undefined : template.verdict.labels;
  if (template.mode === "pairwise" && groups.score_a !== undefined && groups.score_b !== undefined)
    return fromScores(Number(groups.score_a), Number(groups.score_b), label);
  if (template.mode === "pointwise" && groups.score !== undefined)
    return checkScore(template, Number(groups.score), label);
  if (template.mode === "listwise")
    return checkOrder(groups.order ?? label, label, options.candidates);
  if (labels !== undefined) {
    const meaning = lookupLabel(labels, label, template.verdict.uppercase);
    if (meaning === undefined)
      return fail(
        "unknown_label",
        `${quote(label)} is not a declared verdict (declared: ${Object.keys(labels).map(quote).join(", ")})`,
      );
    return fromMeaning(template, meaning, label);
  }
  if (template.mode === "pointwise") return checkScore(template, Number(label), label);
  return fail("no_verdict", `${quote(label)} names no verdict`);
}

/** Candidate JSON objects: the whole text, fenced blocks, then every balanced {...}. */
function jsonObjects(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const tryParse = (s: string) => {
    try {
      const v: unknown = JSON.parse(s);
      if (typeof v === "object" && v !== null && !Array.isArray(v)) {
        out.push(v as Record<string, unknown>);
        return true;
      }
    } catch {
      // not JSON: the caller looks further
    }
    return false;
  };
  if (tryParse(text.trim())) return out;
  // Balanced top-level braces, skipping braces inside strings.
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"' && depth > 0) inString = true;
    else if (c === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === "}" && depth > 0) {
      depth--;
      if (depth === 0) tryParse(text.slice(start, i + 1));
    }
  }
  return out;
}

function parseJson(
  template: JudgeTemplate,
  text: string,
  field: string,
  options: ParseVerdictOptions,
): VerdictResult {
  const objects = jsonObjects(text).filter((o) => Object.hasOwn(o, field));
  if (objects.length === 0)
    return fail("invalid_json", `no JSON object with the field ${quote(field)}`);
  const found = objects.map((o) => {
    const v = o[field];
    const label = typeof v === "string" ? v : JSON.stringify(v);
    return { label, value: v };
  });
  const picked = pickOne(
    found.map((f) => ({ label: f.label, groups: {} })),
    template.verdict.pick,
    (f) => f.label,
  );
  if (!picked.ok) return picked;
  const value = found[found.findLastIndex((f) => f.label === picked.value.label)]!.value;
  if (template.mode === "listwise") {
    if (!Array.isArray(value)) return fail("invalid_value", `${quote(field)} must be a list`);
    return checkOrder(value, picked.value.label, options.candidates);
  }
  if (template.mode === "pointwise" && typeof value === "number")
    return checkScore(template, value, picked.value.label);
  const labels = template.verdict.labels;
  if (typeof value !== "string" || labels === undefined)
    return fail(
      "invalid_value",
      `${quote(field)} holds ${quote(picked.value.label)}, not a verdict`,
    );
  const meaning = lookupLabel(labels, value.trim(), template.verdict.uppercase);
  if (meaning === undefined)
    return fail("unknown_label", `${quote(value)} is not a declared verdict`);
  return fromMeaning(template, meaning, value.trim());
}

/**
 * The verdict in a judge's answer, as `template.verdict` declares.
 *
 * @example parseVerdict(ARENA_HARD, "… My final verdict is: [[A>>B]]")
 *   // { ok: true, verdict: { mode: "pairwise", preference: 1, strength: "strong", label: "A>>B" } }
 */
export function parseVerdict(
  template: JudgeTemplate,
  text: string,
  options: ParseVerdictOptions = {},
): VerdictResult {
  if (text.trim() === "") return fail("empty", "the answer is empty");
  const spec = template.verdict;
  const subject = spec.uppercase ? text.toUpperCase() : text;
  if (spec.format === "json") return parseJson(template, text, spec.field, options);
  const patterns =
    spec.format === "labels" ? spec.patterns : [spec.pattern, ...(spec.fallback ?? [])];
  let found: Found[] = [];
  for (const pattern of patterns) {
    found = matchAll(pattern, spec.flags ?? "", subject);
    if (found.length > 0) break;
  }
  const picked = pickOne(found, spec.pick, (f) => f.label);
  if (!picked.ok)
    return picked.code === "no_verdict"
      ? fail("no_verdict", `no verdict matching ${patterns.map((p) => `/${p}/`).join(" or ")}`)
      : picked;
  return fromFound(template, picked.value, options);
}
