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
 * One zod issue as field issues. An unknown key is an issue on that key. zod says only
 * "Invalid input" when no branch of a union matches: when one branch had the right type and
 * failed inside, its issues are the useful ones ("chosen.0.role: …"); when every branch failed
 * on the type, their expected types are ("expected string or array").
 */
function describe(issue: Issue, prefix: readonly PropertyKey[]): FieldIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === "unrecognized_keys")
    return issue.keys.map((key) => ({ field: fieldOf([...path, key]), message: "unknown field" }));
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return [plain(issue, path)];
  const typeMisses = issue.errors.map((branch) => {
    const first = branch[0];
    return first?.code === "invalid_type" && first.path.length === 0 ? first : undefined;
  });
  const inside = issue.errors.filter((_, k) => typeMisses[k] === undefined);
  if (inside.length === 1) return inside[0]!.flatMap((i) => describe(i, path));
  if (inside.length > 0) return [plain(issue, path)];
  const received = /received (\w+)/.exec(typeMisses[0]!.message)?.[1];
  // A schema's own message for the union says it best.
  if (issue.message !== "Invalid input" && received !== "undefined") return [plain(issue, path)];
  if (received === "undefined") return [{ field: fieldOf(path), message: "missing field" }];
  const expected = [...new Set(typeMisses.map((t) => t!.expected))].join(" or ");
  return [
    {
      field: fieldOf(path),
      message: `expected ${expected}${received ? `, received ${received}` : ""}`,
    },
  ];
}

/** zod's issues as field issues; `field` prefixes every path (a value checked on its own). */
export function zodIssues(error: z.ZodError, field?: string): FieldIssue[] {
  const prefix = field === undefined ? [] : [field];
  return error.issues.flatMap((issue) => describe(issue, prefix));
}
