/**
 * The server's errors as data: a machine `code`, the HTTP status it maps to (one table), and
 * the field (and batch index, and line of an imported file) it is about. `errorReply` is the
 * single place any thrown value becomes a response: known errors answer with their code, fastify's
 * own request errors (bad JSON, body too large, wrong content type, rate limited) are translated,
 * storage faults (a full disk, a read-only database: storage-faults.ts) are a 503, anything else
 * is a 500 whose details stay in the log.
 */
import { StoreError } from "../store/store.js";
import { storageFault } from "./storage-faults.js";

export const ERROR_STATUS = {
  invalid_json: 400,
  invalid: 400,
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
  unavailable: 503,
  /** Too much work under way (the leaderboard fit pool is full): try again after Retry-After. */
  busy: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    field?: string;
    index?: number;
    line?: number;
  };
}

/** An expected failure of a request; `field` as the API names it ("outcome", "source.model"). */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly location: { field?: string; index?: number; line?: number } = {},
    /** Seconds after which trying again may succeed (the Retry-After header of a 429 or 503). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A field's problem as a 400 (the message names the field first, as the CLI prints it). */
export const invalid = (field: string, reason: string, index?: number): ApiError =>
  new ApiError("invalid", `${index === undefined ? "" : `item ${index}: `}${field}: ${reason}`, {
    field,
    ...(index === undefined ? {} : { index }),
  });

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
  const ours = error instanceof ApiError || error instanceof StoreError;
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
  const known = asApiError(error);
  if (known) {
    const { field, index, line } = known.location;
    const body: ErrorBody = {
      error: {
        code: known.code,
        message: known.message,
        ...(field === undefined ? {} : { field }),
        ...(index === undefined ? {} : { index }),
        ...(line === undefined ? {} : { line }),
      },
    };
    return {
      status: known.status,
      body,
      ...(known.retryAfter === undefined ? {} : { retryAfter: known.retryAfter }),
      ...(known.code === "internal" ? { log: internalLog(error) } : {}),
    };
  }
  return {
    status: 500,
    body: { error: { code: "internal", message: "internal error (see the server log)" } },
    log: internalLog(error),
  };
}

function asApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreError) {
    const { code, field, reason, index } = error;
    const where = `${index === undefined ? "" : `item ${index}: `}${field}: `;
    return new ApiError(code === "invalid" ? "invalid" : code, `${where}${reason}`, {
      field,
      ...(index === undefined ? {} : { index }),
    });
  }
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
