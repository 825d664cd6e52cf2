/**
 * Validation issues as the API reports them: each field named as in the body
 * ("messages.0.role"), and for a list of items (a bulk body, or a batch's `judgments`) the
 * item's index apart from the field inside it. A request that fails validation answers with
 * every issue (`InvalidRequest`), the first as the error's headline.
 */
import type { z } from "zod";
import { type FieldIssue, zodIssues } from "../formats/dataset/field-issue.js";
import { type ApiIssue, InvalidRequest } from "./errors.js";

/** "3.messages.0.role" → index 3, field "messages.0.role": a bulk body's item apart from its field. */
function locate(issue: FieldIssue): ApiIssue {
  const [item, ...rest] = issue.field.split(".");
  if (item !== undefined && /^\d+$/.test(item)) {
    const field = rest.length === 0 ? "(record)" : rest.join(".");
    return { field, message: issue.message, index: Number(item) };
  }
  return { field: issue.field, message: issue.message };
}

/** A value that failed its schema as a 400 listing every issue; `prefix` names where it sits. */
export function invalidRequest(error: z.ZodError, prefix?: string): InvalidRequest {
  const [first = { field: "(body)", message: "invalid" }, ...rest] = zodIssues(error).map(
    (issue) => (prefix === undefined ? issue : { ...issue, field: `${prefix}.${issue.field}` }),
  );
  return new InvalidRequest([locate(first), ...rest.map(locate)]);
}

/** One record's issues (the canonical reader's) as a 400 listing every one, in item `index`. */
export function invalidRecord(
  issues: readonly [FieldIssue, ...FieldIssue[]],
  index?: number,
): InvalidRequest {
  const [first, ...rest] = issues.map(({ field, message }) => ({
    field,
    message,
    ...(index === undefined ? {} : { index }),
  }));
  return new InvalidRequest([first!, ...rest]);
}
