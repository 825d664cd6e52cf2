/**
 * Small pieces every judgment-file reader shares: results with located field issues, text or
 * message lists as messages, ids as text, and the fields a record holds beyond those a reader
 * models (kept as the comparison's `extra`, so nothing is lost on the way through).
 */
import type { ComparisonLabel } from "../../../core/dataset/comparison.js";
import type { Message, Role } from "../../../core/types.js";
import type { FieldIssue } from "../field-issue.js";
import { singleText } from "../text-fields.js";

export type Read<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export const fail = (field: string, message: string): { ok: false; issues: FieldIssue[] } => ({
  ok: false,
  issues: [{ field, message }],
});

const ROLES: Readonly<Record<string, Role>> = {
  user: "user",
  human: "user",
  assistant: "assistant",
  gpt: "assistant",
  system: "system",
};

/**
 * A field's messages: text is one message of `role`; a list of `{role, content}` turns is taken
 * as it is (content text or a list of parts, which is kept as its JSON text).
 */
export function messagesOf(value: unknown, field: string, role: Role): Read<Message[]> {
  if (typeof value === "string") return { ok: true, value: [{ role, content: value }] };
  if (!Array.isArray(value)) return fail(field, "expected text or a list of {role, content} turns");
  const out: Message[] = [];
  for (const [k, turn] of value.entries()) {
    const t = (turn ?? {}) as { role?: unknown; content?: unknown };
    const r = typeof t.role === "string" ? ROLES[t.role] : undefined;
    if (!r) return fail(`${field}.${k}.role`, `unknown role ${JSON.stringify(t.role)}`);
    if (typeof t.content === "string") out.push({ role: r, content: t.content });
    else if (Array.isArray(t.content)) out.push({ role: r, content: JSON.stringify(t.content) });
    else return fail(`${field}.${k}.content`, "expected text");
  }
  return { ok: true, value: out };
}

/** A user prompt from an instruction and an optional input (Alpaca's convention: a blank line between). */
export const instructionPrompt = (instruction: string, input?: string): Message[] => [
  {
    role: "user",
    content: input !== undefined && input !== "" ? `${instruction}\n\n${input}` : instruction,
  },
];

/** The text of a single-message field, for writers of text formats. */
export function textOf(
  messages: readonly Message[] | undefined,
  field: string,
  role: Role,
): Read<string> {
  if (!messages) return fail(field, "missing (the comparison has no such response)");
  const r = singleText(messages, field, role);
  return r.ok ? { ok: true, value: r.text } : { ok: false, issues: [r.issue] };
}

/** An id as text: strings as they are, numbers as written. */
export const idText = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;

/** The record without the fields a reader models. */
export function rest(
  record: Readonly<Record<string, unknown>>,
  modelled: readonly string[],
): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record))
    if (!modelled.includes(key)) extra[key] = value;
  return extra;
}

/** `{ key: value }` when value is defined, else nothing: for optional fields under exactOptionalPropertyTypes. */
export const maybe = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** A label as `preference`, `strong` and `bothBad` fields, the optional ones only when set. */
export function verdictFields(
  preference: number | null,
  strong?: boolean,
  bothBad?: boolean,
): Pick<ComparisonLabel, "preference" | "strong" | "bothBad"> {
  return { preference, ...(strong ? { strong: true } : {}), ...(bothBad ? { bothBad: true } : {}) };
}
