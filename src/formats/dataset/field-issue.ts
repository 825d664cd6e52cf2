/** A problem with one field of a dataset record, and zod's issues in that form. */
import type { z } from "zod";

export interface FieldIssue {
  field: string;
  message: string;
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ field: i.path.join(".") || "(record)", message: i.message }));
}
