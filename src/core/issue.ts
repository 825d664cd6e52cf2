/**
 * Errors as data: one coded issue type for every layer. A format names the file, line and field
 * of a bad record; the store names the field (and list item) of a refused write; the server adds
 * the request path. Each shell renders issues at its single boundary — the server as a 4xx JSON
 * body (`server/errors.ts`), the CLI as `prefkit: file:line: field: reason` (`cli/exit-code.ts`) —
 * and nothing in between turns them into text or guesses at them from an error's class.
 */

/** Where a problem is. Every part is optional: a whole file names no line, a body no file. */
export interface IssueLocation {
  /** The file being read or written, as the user named it. */
  file?: string;
  /** 1-based line of a text file, or 1-based row of a Parquet file. */
  line?: number;
  /** 0-based row group of a Parquet row. */
  rowGroup?: number;
  /** The request path of an HTTP call ("/api/projects/p1/judgments"). */
  path?: string;
  /** 0-based item of a list (a bulk body, a batch's judgments). */
  index?: number;
  /** The field at fault, dotted ("messages.0.role"); "(record)" or absent for the whole. */
  field?: string;
}

/**
 * The codes every layer speaks. The server's HTTP statuses are a table over them
 * (`server/errors.ts`); the CLI's exit codes are another (`cli/exit-code.ts`).
 */
export type IssueCode =
  /** A value breaks a rule (a field's type, a range, a reference within a body). */
  | "invalid"
  /** Text that is not JSON where JSON is required. */
  | "invalid_json"
  /** The command line or a call's options are wrong (the CLI's exit code 2). */
  | "usage"
  /** A file cannot be read or written (missing, a directory, no permission, a full disk). */
  | "io"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "unknown_reference"
  | "duplicate_id"
  | "idempotency_conflict"
  | "already_judged"
  | "not_served"
  | "last_admin"
  | "mode_locked"
  | "body_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable"
  | "busy"
  | "internal";

export interface Issue {
  code: IssueCode;
  /** The reason, without the location (that is rendered from `location`). */
  message: string;
  location?: IssueLocation;
}

/** "file:line (row group g): field: reason" — each part only when known. */
export function describeIssue(issue: Issue): string {
  const at = issue.location ?? {};
  const where: string[] = [];
  let place = at.file ?? at.path ?? "";
  if (at.line !== undefined) {
    const line = at.rowGroup === undefined ? `${at.line}` : `${at.line} (row group ${at.rowGroup})`;
    place = place === "" ? `line ${line}` : `${place}:${line}`;
  }
  if (place !== "") where.push(place);
  if (at.index !== undefined) where.push(`item ${at.index}`);
  if (at.field !== undefined && at.field !== "(record)") where.push(at.field);
  return [...where, issue.message].join(": ");
}

/**
 * A thrown carrier of issues: the first is the headline, the rest (every zod issue of a body,
 * say) come with it. Layers may subclass it to keep their own constructors, but a shell only
 * ever asks `instanceof IssueError` and reads `issues`.
 */
export class IssueError extends Error {
  readonly issues: readonly [Issue, ...Issue[]];
  /** The headline issue's code and location. */
  readonly code: IssueCode;
  readonly location: IssueLocation;

  constructor(first: Issue, ...rest: Issue[]) {
    super(describeIssue(first));
    this.name = "IssueError";
    this.issues = [first, ...rest];
    this.code = first.code;
    this.location = first.location ?? {};
  }
}

/**
 * Issues survive a thread's `postMessage` as plain data (an Error's class does not): a worker
 * posts `issuesOf(error)`, its parent throws `new IssueError(...issues)`.
 */
export function issuesOf(error: unknown): Issue[] | undefined {
  return error instanceof IssueError ? error.issues.map((i) => ({ ...i })) : undefined;
}

/** Shorthand for the commonest issue: a field with a bad value. */
export const invalidField = (field: string, message: string, at: IssueLocation = {}): IssueError =>
  new IssueError({ code: "invalid", message, location: { ...at, field } });

/**
 * A caller's option that cannot work (a limit that is not a positive integer, a file type
 * prefkit does not handle, outputs that would overwrite each other, a too-short admin key):
 * the command line's to fix, as its exit code 2 says, where bad data is exit code 1.
 */
export const usageError = (message: string): IssueError =>
  new IssueError({ code: "usage", message });
