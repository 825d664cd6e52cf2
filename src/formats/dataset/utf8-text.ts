/**
 * The text of a record's bytes, refusing invalid UTF-8: decoding it leniently would store U+FFFD
 * in place of whatever the bytes meant, a change nobody would be told about.
 */
import { isUtf8 } from "node:buffer";
import { valueIssue } from "../value-hygiene.js";
import type { LocatedRecord } from "./read-located.js";

/** U+FFFD, the replacement character, as UTF-8. */
const REPLACEMENT = Buffer.from("\uFFFD", "utf8");
const INVALID = "is not valid UTF-8";

/**
 * The bytes as text, or a located error when they are not valid UTF-8. The error names the
 * field of the JSON record holding the first bad sequence when that can be told: decoded
 * leniently, each bad sequence becomes U+FFFD, so the first field holding U+FFFD is the one —
 * unless the bytes hold a real U+FFFD too, or do not parse; then it names the record.
 *
 * Time: O(bytes) (`isUtf8` is vectorised); the search for the field only runs on bad bytes.
 */
export function utf8Text(bytes: Buffer, line: number): string | LocatedRecord {
  if (isUtf8(bytes)) return bytes.toString("utf8");
  return { ok: false, line, ...fieldWithInvalidUtf8(bytes) };
}

function fieldWithInvalidUtf8(bytes: Buffer): { field?: string; message: string } {
  const whole = { message: `not valid UTF-8 text` };
  if (bytes.includes(REPLACEMENT)) return whole;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    return whole;
  }
  const issue = valueIssue(value, {
    checkText: (text) => (text.includes("\uFFFD") ? INVALID : undefined),
  });
  return issue?.message === INVALID ? { field: issue.field, message: INVALID } : whole;
}
