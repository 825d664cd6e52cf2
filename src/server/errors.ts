/**
 * The server's errors as data: a machine `code`, the HTTP status it maps to (one table), and
 * the field (and batch index, and line of an imported file) it is about. `errorReply` is the
 * single place any thrown value becomes a response: known errors answer with their code, fastify's
 * own request errors (bad JSON, body too large, wrong content type, rate limited) are translated,
 * storage faults (a full disk, a read-only database: storage-faults.ts) are a 503, anything else
 * is a 500 whose details stay in the log.
 */
import type { z } from "zod";
import type { errorOutput } from "../api/index.js";
import { describeIssue, type Issue, type IssueCode, IssueError } from "../core/issue.js";
import { storageFault } from "./storage-faults.js";

/** Every issue code's HTTP status: the one table. */
export const ERROR_STATUS = {
  invalid_json: 400,
  invalid: 400,
  usage: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_reference: 404,
  duplicate_id: 409,
  idempotency_conflict: 409,
  already_judged: 409,
  not_served: 409,
  last_admin: 409,
  mode_locked: 409,
  body_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  /** A file the server itself reads or writes failed: its problem, not the client's. */
  io: 500,
  unavailable: 503,
  /** Too much work under way (the leaderboard fit pool is full): try again after Retry-After. */
  busy: 503,
} as const satisfies Record<IssueCode, number>;

export type ErrorCode = IssueCode;

/** Fastify's request errors by code: the ones a client causes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "invalid_json",
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_json",
  FST_ERR_CTP_BODY_TOO_LARGE: "body_too_large",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "invalid",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_INVALID_TYPE: "unsupported_media_type",
  FST_ERR_CTP_EMPTY_TYPE: "unsupported_media_type",
};

const FASTIFY_MESSAGES: Partial<Record<ErrorCode, string>> = {
  invalid_json: "the body is not valid JSON",
  body_too_large: "the body is larger than this route accepts",
  unsupported_media_type: "the body must be JSON (Content-Type: application/json)",
};

/** The body of every error answer (the API's error schema). */
export type ErrorBody = z.input<typeof errorOutput>;

/** An issue as the error body lists it: the field (and list item) it is about, and why. */
export type ApiIssue = NonNullable<ErrorBody["error"]["issues"]>[number];

type ApiLocation = { field?: string; index?: number; line?: number };

/**
 * An expected failure of a request; `field` as the API names it ("outcome", "source.model").
 * `message` is the whole text the client reads, which by convention starts with the location
 * ("item 2: outcome: …"); the issue it carries holds the reason alone, as every issue does.
 */
export class ApiError extends IssueError {
  constructor(
    code: ErrorCode,
    message: string,
    location: ApiLocation = {},
    /** Seconds after which trying again may succeed (the Retry-After header of a 429 or 503). */
    readonly retryAfter?: number,
    /** Further issues of the same request (every zod issue of a body, say). */
    more: readonly Issue[] = [],
  ) {
    super({ code, message: reasonOf(message, location), location: definedOnly(location) }, ...more);
    // The text is kept as given: "(record): …" stays, where describeIssue would leave it out.
    this.message = message;
    this.name = "ApiError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** The message without the "item i: field: " that describeIssue would put before it. */
function reasonOf(message: string, location: ApiLocation): string {
  const prefix = describeIssue({ code: "invalid", message: "", location: definedOnly(location) });
  return prefix !== "" && message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

const definedOnly = ({ field, index, line }: ApiLocation) => ({
  ...(field === undefined ? {} : { field }),
  ...(index === undefined ? {} : { index }),
  ...(line === undefined ? {} : { line }),
});

/** "item 2: outcome: reason", each part when known: how the API words a field's problem. */
const headline = ({ field, message, index }: ApiIssue): string =>
  `${index === undefined ? "" : `item ${index}: `}${field}: ${message}`;

/** A field's problem as a 400 (the message names the field first, as the CLI prints it). */
export const invalid = (field: string, reason: string, index?: number): ApiError =>
  new ApiError(
    "invalid",
    headline({ field, message: reason, ...(index === undefined ? {} : { index }) }),
    {
      field,
      ...(index === undefined ? {} : { index }),
    },
  );

/**
 * A request that breaks its schema: a 400 whose body lists every issue (`issues`), the first
 * also as the body's own `field`, `index` and `message`, as for any other 400.
 */
export class InvalidRequest extends ApiError {
  constructor(readonly problems: readonly [ApiIssue, ...ApiIssue[]]) {
    const [first, ...rest] = problems;
    const issueOf = ({ field, message, index }: ApiIssue): Issue => ({
      code: "invalid",
      message,
      location: { field, ...(index === undefined ? {} : { index }) },
    });
    super("invalid", headline(first), issueOf(first).location, undefined, rest.map(issueOf));
    this.name = "InvalidRequest";
  }
}

export interface Reply {
  status: number;
  body: ErrorBody;
  retryAfter?: number;
  /** What the operator must hear of: `key` names the condition, to log it once (fault-log.ts). */
  log?: { key: string; message: string };
}

/** The answer to any thrown value, and what of it to log. */
export function errorReply(error: unknown): Reply {
  // Our own errors say what they are; anything else may be the storage failing.
  const ours = error instanceof IssueError;
  const fault = ours ? undefined : storageFault(error);
  if (fault) {
    return {
      status: ERROR_STATUS.unavailable,
      body: {
        error: {
          code: "unavailable",
          message: `${fault.condition}: the server cannot do this now; try again later`,
        },
      },
      retryAfter: fault.retryAfter,
      log: { key: `storage: ${fault.condition}`, message: `storage fault: ${fault.condition}` },
    };
  }
  const known = asIssueError(error);
  if (known) return issueReply(known, error);
  return {
    status: 500,
    body: { error: { code: "internal", message: "internal error (see the server log)" } },
    log: internalLog(error),
  };
}

/** Any coded issue as a response: its status from the table, its first issue as the headline. */
function issueReply(known: IssueError, thrown: unknown): Reply {
  const { field, index, line } = known.location;
  const issues = listed(known);
  const status = ERROR_STATUS[known.code];
  const retryAfter = known instanceof ApiError ? known.retryAfter : undefined;
  const body: ErrorBody = {
    error: {
      code: known.code,
      message: messageOf(known),
      ...(field === undefined ? {} : { field }),
      ...(index === undefined ? {} : { index }),
      ...(line === undefined ? {} : { line }),
      ...(issues === undefined ? {} : { issues }),
    },
  };
  return {
    status,
    body,
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(status === 500 ? { log: internalLog(thrown) } : {}),
  };
}

/**
 * The text a client reads. An ApiError's is written for the client; any other issue is
 * described without the file it names, which is the server's own (an upload's temporary copy).
 */
function messageOf(error: IssueError): string {
  if (error instanceof ApiError) return error.message;
  const [first] = error.issues;
  const { file: _file, ...location } = first.location ?? {};
  return describeIssue({ ...first, location });
}

/** Every issue of a request that failed validation, or of any error that carries several. */
function listed(error: IssueError): ApiIssue[] | undefined {
  return error instanceof InvalidRequest || error.issues.length > 1 ? apiIssues(error) : undefined;
}

/** An error's issues as the error body lists them. */
export function apiIssues(error: IssueError): ApiIssue[] {
  if (error instanceof InvalidRequest) return [...error.problems];
  return error.issues.map(({ message, location = {} }) => ({
    field: location.field ?? "(record)",
    message,
    ...(location.index === undefined ? {} : { index: location.index }),
  }));
}

function asIssueError(error: unknown): IssueError | undefined {
  if (error instanceof IssueError) return error;
  if (error === null || typeof error !== "object") return undefined;
  const { code, statusCode, message } = error as {
    code?: unknown;
    statusCode?: unknown;
    message?: unknown;
  };
  const mapped = typeof code === "string" ? FASTIFY_CODES[code] : undefined;
  if (mapped) return new ApiError(mapped, FASTIFY_MESSAGES[mapped] ?? String(message));
  if (statusCode === 429) return new ApiError("rate_limited", String(message));
  // Other client errors fastify raises (e.g. a malformed URL) keep their 4xx as `invalid`.
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    return new ApiError(statusCode === 404 ? "not_found" : "invalid", String(message));
  }
  return undefined;
}

/** A bug: the same stack is the same bug, logged once however often it fails. */
function internalLog(error: unknown): { key: string; message: string } {
  const text = String((error as Error | undefined)?.stack ?? error);
  return { key: `internal: ${text}`, message: `internal error: ${text.split("\n", 1)[0]}` };
}
