/**
 * Negatively-correlated (NC) sampling, after Community Alignment (methods.md §D3; Zhang et al.,
 * arXiv 2507.09650): instead of k independent draws, the model is asked for k answers that
 * deliberately differ — in values, stance and style — so that a diverse set of annotators can
 * show diverse preferences. Two modes:
 *
 * - "nc": one call asks for all k answers at once, in a numbered form this file parses;
 * - "nc-sequential": k calls, each told to answer differently from the answers before it.
 *
 * The wording below is prefkit's own: the paper's exact prompt is not published in what we could
 * verify (methods.md, "Unverified: the exact NC prompt wording"). It asks for a delimited form
 * rather than JSON mode, because `response_format` is not portable across OpenAI-compatible
 * servers; the parser also accepts a JSON array of strings, which some models answer anyway.
 */
import type { ContentPart, Message } from "../../core/types.js";

/** Tells the wording's version apart in stored candidates and cache keys. */
export const NC_PROMPT_VERSION = "prefkit-nc-1";

/** The marker line that opens answer i (1-based) in the "nc" form. */
const marker = (i: number) => `=== Answer ${i} ===`;

/** prefkit's instruction for one call returning k deliberately different answers. */
export function ncInstruction(k: number): string {
  return [
    `[${NC_PROMPT_VERSION}] Write ${k} different answers to the request above.`,
    "Make them differ on purpose: each should take a different stance, rest on different values or priorities, or use a clearly different style and structure — as different people with different views would answer. Each answer must be complete and helpful on its own; do not refer to the other answers.",
    `Format: start each answer with a line of its own that says exactly "${marker(1)}", "${marker(2)}", … up to "${marker(k)}", then the answer. Write nothing before the first marker line.`,
  ].join("\n\n");
}

/** prefkit's instruction for one call that must differ from the answers given before it. */
export function ncSequentialInstruction(previous: readonly string[]): string {
  const shown = previous.map((text, i) => `${marker(i + 1)}\n${text}`).join("\n\n");
  return [
    `[${NC_PROMPT_VERSION}] Here are earlier answers to the request above:`,
    shown,
    "Answer the request again, differently from all of these: take a different stance, rest on different values or priorities, or use a clearly different style and structure. Give only your new answer, complete on its own, without referring to the earlier ones.",
  ].join("\n\n");
}

/**
 * The conversation with `instruction` added to its last user turn (as a text part when that turn
 * has parts), or as a new user turn when the conversation does not end with one. The system's
 * own system prompt still applies: no system message is added.
 */
export function withInstruction(messages: readonly Message[], instruction: string): Message[] {
  const last = messages.at(-1);
  if (last === undefined || last.role !== "user") {
    return [...messages, { role: "user", content: instruction }];
  }
  const content: Message["content"] =
    typeof last.content === "string"
      ? `${last.content}\n\n${instruction}`
      : [...last.content, { type: "text", text: instruction } satisfies ContentPart];
  return [...messages.slice(0, -1), { role: "user", content }];
}

export type NcParsed =
  | { ok: true; answers: string[] /** Answers past the k asked for, left out. */; extra: number }
  | { ok: false; reason: string };

const MARKER_LINE =
  /^[ \t]*(?:[#*]+[ \t]*)?={2,}[ \t]*answer[ \t]+(\d+)[ \t]*={2,}[ \t]*\**[ \t]*$/gim;

/**
 * The k answers of an "nc" reply: the text after each marker line "=== Answer i ===" (numbered
 * 1, 2, … in order; markdown emphasis around the line and any case tolerated), or a JSON array
 * of strings (possibly in a ```json fence). Fewer than k non-empty answers, numbers out of order
 * or text before the first marker (other than whitespace) make the reply unparseable: the caller
 * asks again rather than keep fewer candidates. Answers past k are dropped and counted in `extra`.
 *
 * @example parseNcAnswer("=== Answer 1 ===\nyes\n=== Answer 2 ===\nno", 2) // { ok: true, answers: ["yes", "no"], extra: 0 }
 */
export function parseNcAnswer(text: string, k: number): NcParsed {
  const json = parseJsonArray(text);
  const answers = json ?? parseMarked(text);
  if (typeof answers === "string") return { ok: false, reason: answers };
  if (answers.length < k) {
    return { ok: false, reason: `expected ${k} answers, found ${answers.length}` };
  }
  const empty = answers.slice(0, k).findIndex((a) => a.trim() === "");
  if (empty >= 0) return { ok: false, reason: `answer ${empty + 1} is empty` };
  return { ok: true, answers: answers.slice(0, k).map((a) => a.trim()), extra: answers.length - k };
}

function parseMarked(text: string): string[] | string {
  const matches = [...text.matchAll(MARKER_LINE)];
  if (matches.length === 0) return 'no "=== Answer 1 ===" marker line';
  const first = matches[0]!;
  if (text.slice(0, first.index).trim() !== "") return "text before the first answer marker";
  const answers: string[] = [];
  for (const [i, m] of matches.entries()) {
    if (Number(m[1]) !== i + 1) return `answer markers out of order (found ${m[1]} at ${i + 1})`;
    const start = m.index + m[0].length;
    const end = matches[i + 1]?.index ?? text.length;
    answers.push(text.slice(start, end));
  }
  return answers;
}

/** A JSON array of strings, bare or in a ```json fence; undefined when the text is not one. */
function parseJsonArray(text: string): string[] | undefined {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  if (!body.startsWith("[")) return undefined;
  try {
    const value: unknown = JSON.parse(body);
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  } catch {
    // Not JSON: the marker form decides.
  }
  return undefined;
}
