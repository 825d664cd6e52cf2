/**
 * What no field of any request may hold, checked once before validation: a NUL character
 * (PostgreSQL text cannot store it), a lone UTF-16 surrogate (not valid Unicode: it would be
 * stored changed), or nesting deeper than any real record has (which would overflow the stack
 * when the value is serialised). Each is a 400 naming the field, never a 500.
 */
import { invalid } from "./errors.js";

/** Deeper than any conversation, rubric or metadata a client needs. */
export const MAX_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkText(text: string, field: string): void {
  if (text.includes("\u0000")) throw invalid(field, "must not contain a NUL character");
  if (LONE_SURROGATE.test(text)) throw invalid(field, "is not well-formed Unicode");
}

/** @throws ApiError (400) naming the first offending field, as a dotted path. */
export function checkInput(value: unknown, field = "(body)", depth = 0): void {
  if (typeof value === "string") {
    checkText(value, field);
    return;
  }
  if (value === null || typeof value !== "object") return;
  if (depth >= MAX_DEPTH) throw invalid(field, `nested more than ${MAX_DEPTH} levels deep`);
  const child = (key: string) => (field === "(body)" ? key : `${field}.${key}`);
  if (Array.isArray(value)) {
    value.forEach((item, k) => {
      checkInput(item, child(String(k)), depth + 1);
    });
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    checkText(key, child(key));
    checkInput(item, child(key), depth + 1);
  }
}

/** Path parameters and query values: every one is a field of its own name. */
export function checkFields(fields: Readonly<Record<string, unknown>> | undefined): void {
  for (const [name, value] of Object.entries(fields ?? {})) {
    if (typeof value === "string") checkText(value, name);
    else if (Array.isArray(value))
      for (const v of value) if (typeof v === "string") checkText(v, name);
  }
}
