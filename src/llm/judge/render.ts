/**
 * Rendering a judge template: every `{{name}}` is replaced by its value in one pass, so a value
 * is inserted verbatim — an answer that itself contains "{{answer_b}}" stays as written.
 */
import { IssueError } from "../../core/issue.js";
import type { Message } from "../../core/types.js";
import { contentText } from "../tokens.js";
import { type JudgeTemplate, TEMPLATE_VARIABLES, type TemplateVariable } from "./types.js";

/** A variable's value: text, the listwise answers, or the earlier turns. */
export type TemplateValue = string | readonly string[] | readonly Message[];
export type TemplateValues = Partial<Record<TemplateVariable, TemplateValue>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The names used as `{{name}}` in a text, in order of first use. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

const isVariable = (name: string): name is TemplateVariable =>
  (TEMPLATE_VARIABLES as readonly string[]).includes(name);

/** Listwise answers as numbered blocks; the numbers are what a listwise verdict names. */
function answersText(answers: readonly string[]): string {
  return answers
    .map((a, i) => `[The Start of Answer ${i + 1}]\n${a}\n[The End of Answer ${i + 1}]`)
    .join("\n\n");
}

function historyText(turns: readonly Message[]): string {
  return turns.map((t) => `### ${t.role}:\n${contentText(t)}`).join("\n\n");
}

function valueText(name: TemplateVariable, value: TemplateValue, id: string): string {
  if (typeof value === "string") return value;
  if (name === "answers" && value.every((v) => typeof v === "string"))
    return answersText(value as readonly string[]);
  if (name === "history" && value.every((v) => typeof v === "object" && v !== null))
    return historyText(value as readonly Message[]);
  throw new IssueError({
    code: "invalid",
    message: `template ${id}: variable {{${name}}} must be text`,
    location: { field: name },
  });
}

/**
 * The messages to send the judge: the system text (when the template has one) and the user text.
 *
 * @example renderTemplate(MT_BENCH_PAIRWISE, { question, answer_a, answer_b })
 * @throws IssueError (code "invalid", field = the variable) for a `{{name}}` the template does
 *   not declare, and for a declared variable given no value.
 */
export function renderTemplate(template: JudgeTemplate, values: TemplateValues): Message[] {
  for (const name of template.variables)
    if (values[name] === undefined)
      throw new IssueError({
        code: "invalid",
        message: `template ${template.id}: no value for variable {{${name}}}`,
        location: { field: name },
      });
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (_, name: string) => {
      if (!isVariable(name) || !template.variables.includes(name))
        throw new IssueError({
          code: "invalid",
          message: `template ${template.id}: {{${name}}} is not a declared variable (declared: ${template.variables.join(", ") || "none"})`,
          location: { field: name },
        });
      return valueText(name, values[name]!, template.id);
    });
  const messages: Message[] = [];
  if (template.system !== undefined)
    messages.push({ role: "system", content: fill(template.system) });
  messages.push({ role: "user", content: fill(template.user) });
  return messages;
}
