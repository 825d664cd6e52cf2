/** A problem with one field of a dataset record, and zod's issues in that form. */
import type { z } from "zod";

export interface FieldIssue {
  field: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

const fieldOf = (path: readonly PropertyKey[]) => path.map(String).join(".") || "(record)";

function plain(issue: Issue, path: readonly PropertyKey[]): FieldIssue {
  const missing = issue.code === "invalid_type" && /received undefined/.test(issue.message);
  return { field: fieldOf(path), message: missing ? "missing field" : issue.message };
}

/**
 * zod says only "Invalid input" when no branch of a union matches. When one branch had the
 * right type and failed inside, its issue is the useful one ("chosen.0.role: …"); when every
 * branch failed on the type, their expected types are ("expected string or array").
 */
function describe(issue: Issue): FieldIssue {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return plain(issue, issue.path);
  const typeMisses = issue.errors.map((branch) => {
    const first = branch[0];
    return first?.code === "invalid_type" && first.path.length === 0 ? first : undefined;
  });
  const inside = issue.errors.filter((_, k) => typeMisses[k] === undefined);
  if (inside.length === 1 && inside[0]![0]) {
    const deeper = describe(inside[0]![0]);
    const field = deeper.field === "(record)" ? [] : deeper.field.split(".");
    return { field: fieldOf([...issue.path, ...field]), message: deeper.message };
  }
  if (inside.length > 0) return plain(issue, issue.path);
  const received = /received (\w+)/.exec(typeMisses[0]!.message)?.[1];
  if (received === "undefined") return { field: fieldOf(issue.path), message: "missing field" };
  const expected = [...new Set(typeMisses.map((t) => t!.expected))].join(" or ");
  return {
    field: fieldOf(issue.path),
    message: `expected ${expected}${received ? `, received ${received}` : ""}`,
  };
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map(describe);
}
