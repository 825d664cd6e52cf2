/**
 * What no value taken in — a JSON request body, a record of an imported file — may hold: a NUL
 * character (PostgreSQL text cannot store it), a lone UTF-16 surrogate (not valid Unicode: it
 * would be stored changed), or nesting deeper than any real record has (serialising it would
 * overflow the stack). The check itself recurses at most `MAX_DEPTH` levels.
 */
import type { FieldIssue } from "./dataset/field-issue.js";

/** Deeper than any conversation, rubric or metadata a client needs. */
export const MAX_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text may not be taken in, or undefined. */
export function textIssue(text: string): string | undefined {
  if (text.includes("\u0000")) return "must not contain a NUL character";
  if (LONE_SURROGATE.test(text)) return "is not well-formed Unicode";
  return undefined;
}

export interface ValueIssueOptions {
  /** The name of the value itself: "(body)", "(record)". Fields below it are named from their key. */
  root?: string;
  /** What is wrong with a text (a key or a string value); `textIssue` unless told otherwise. */
  checkText?: (text: string) => string | undefined;
}

/**
 * The first field (a dotted path: "messages.0.content") holding a text `checkText` refuses, or
 * nested more than `MAX_DEPTH` levels deep; undefined when there is none. Arrays and plain
 * objects are walked; any other object (a Date, a byte array from Parquet) is a leaf.
 *
 * @example valueIssue({ a: ["x\u0000"] }) // { field: "a.0", message: "must not contain a NUL character" }
 * Time: O(size of the value).
 */
export function valueIssue(
  value: unknown,
  options: ValueIssueOptions = {},
): FieldIssue | undefined {
  const root = options.root ?? "(record)";
  const check = options.checkText ?? textIssue;
  const walk = (item: unknown, field: string, depth: number): FieldIssue | undefined => {
    if (typeof item === "string") {
      const message = check(item);
      return message === undefined ? undefined : { field, message };
    }
    if (item === null || typeof item !== "object") return undefined;
    const isArray = Array.isArray(item);
    if (!isArray && !isPlainObject(item)) return undefined;
    if (depth >= MAX_DEPTH) return { field, message: `nested more than ${MAX_DEPTH} levels deep` };
    const child = (key: string) => (field === root ? key : `${field}.${key}`);
    if (isArray) {
      for (let k = 0; k < item.length; k++) {
        const found = walk(item[k], child(String(k)), depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    for (const [key, inner] of Object.entries(item)) {
      const keyMessage = check(key);
      if (keyMessage !== undefined) return { field: child(key), message: keyMessage };
      const found = walk(inner, child(key), depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return walk(value, root, 0);
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
