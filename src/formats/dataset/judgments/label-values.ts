/**
 * What a label value means, for tables whose labels are codes (`--labels 0=tie,1=a,2=b`): the
 * names a, b, tie, both_bad, a>>b, b>>a (a strong verdict, counted three times as arena-hard
 * does), or a number in [0, 1] taken as the preference for `a`.
 */
import type { FieldIssue } from "../field-issue.js";

export interface LabelMeaning {
  readonly preference: number;
  readonly strong?: true;
  readonly bothBad?: true;
}

export const NAMED_MEANINGS: Readonly<Record<string, LabelMeaning>> = {
  a: { preference: 1 },
  b: { preference: 0 },
  tie: { preference: 0.5 },
  both_bad: { preference: 0.5, bothBad: true },
  "a>>b": { preference: 1, strong: true },
  "b>>a": { preference: 0, strong: true },
};

/** A meaning by name, or a number in [0, 1]; undefined for anything else. */
export function meaningOf(text: string | number): LabelMeaning | undefined {
  if (typeof text === "string") {
    const named = NAMED_MEANINGS[text.trim().toLowerCase()];
    if (named) return named;
    if (!/^\s*(0(\.\d*)?|1(\.0*)?|\.\d+)\s*$/.test(text)) return undefined;
  }
  const x = Number(text);
  return x >= 0 && x <= 1 ? { preference: x } : undefined;
}

/** A label value as the text `--labels` keys compare with: trimmed text, or a number as written. */
export function valueKey(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export type LabelValues = ReadonlyMap<string, LabelMeaning>;

/**
 * Label codes and their meanings from `{code: meaning}`.
 * @returns issues naming each bad entry (`labels.3: …`).
 */
export function labelValues(
  entries: Readonly<Record<string, string | number>>,
  field = "labels",
): { ok: true; values: LabelValues } | { ok: false; issues: FieldIssue[] } {
  const values = new Map<string, LabelMeaning>();
  const issues: FieldIssue[] = [];
  for (const [code, meaning] of Object.entries(entries)) {
    const m = meaningOf(meaning);
    if (m) values.set(code.trim(), m);
    else
      issues.push({
        field: `${field}.${code}`,
        message: `unknown meaning ${JSON.stringify(meaning)} (expected a, b, tie, both_bad, a>>b, b>>a or a number in [0, 1])`,
      });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values };
}

/** `--labels` as written for messages: `0=tie, 1=a, 2=b`, or the names when there is none. */
export function describeValues(values: LabelValues | undefined): string {
  if (!values || values.size === 0) return `the names ${Object.keys(NAMED_MEANINGS).join(", ")}`;
  return [...values]
    .map(([code, m]) => {
      const name = Object.entries(NAMED_MEANINGS).find(
        ([, n]) =>
          n.preference === m.preference && n.strong === m.strong && n.bothBad === m.bothBad,
      )?.[0];
      return `${code}=${name ?? m.preference}`;
    })
    .join(", ");
}
