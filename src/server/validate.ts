/**
 * Validation issues as the API reports them: the first issue only, its field named as in the
 * body ("messages.0.role"), and for a list of items (a bulk body, or a batch's `judgments`) the
 * item's index apart from the field inside it.
 */
import type { z } from "zod";
import { type FieldIssue, zodIssues } from "../formats/dataset/field-issue.js";

export interface ApiIssue {
  field: string;
  message: string;
  index?: number;
}

/** "3.messages.0.role" → index 3, field "messages.0.role"; also under a list key ("judgments"). */
export function locate(issue: FieldIssue, listKey?: string): ApiIssue {
  const parts = issue.field.split(".");
  const start = listKey !== undefined && parts[0] === listKey ? 1 : 0;
  const item = parts[start];
  if (item !== undefined && /^\d+$/.test(item) && (start === 1 || listKey === undefined)) {
    const rest = parts.slice(start + 1).join(".");
    return { field: rest === "" ? "(record)" : rest, message: issue.message, index: Number(item) };
  }
  return { field: issue.field, message: issue.message };
}

/** The first issue of a zod error, located. */
export function zodFieldIssue(error: z.ZodError, listKey?: string): ApiIssue {
  const first = zodIssues(error)[0] ?? { field: "(body)", message: "invalid" };
  return locate(first, listKey);
}
