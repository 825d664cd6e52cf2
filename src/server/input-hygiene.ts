/**
 * What no field of any request may hold, checked once before validation (see
 * formats/value-hygiene.ts: a NUL character, a lone UTF-16 surrogate, nesting deeper than
 * `MAX_DEPTH`). Each is a 400 naming the field, never a 500.
 */
import { MAX_DEPTH, textIssue, valueIssue } from "../formats/value-hygiene.js";
import { invalid } from "./errors.js";

export { MAX_DEPTH };

/** @throws ApiError (400) naming the first offending field, as a dotted path. */
export function checkInput(value: unknown, field = "(body)"): void {
  const issue = valueIssue(value, { root: field });
  if (issue) throw invalid(issue.field, issue.message);
}

/** Path parameters and query values: every one is a field of its own name. */
export function checkFields(fields: Readonly<Record<string, unknown>> | undefined): void {
  for (const [name, value] of Object.entries(fields ?? {})) {
    for (const text of [value].flat()) {
      const message = typeof text === "string" ? textIssue(text) : undefined;
      if (message !== undefined) throw invalid(name, message);
    }
  }
}
