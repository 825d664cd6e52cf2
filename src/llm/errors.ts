/**
 * What a provider call ended in, as one error type with a kind (types.ts `LlmErrorKind`): the
 * retry loop reads `retryable` and `retryAfterMs`, the job runner stops on the fatal kinds, and
 * the user reads a message that says what to fix, naming the system and its base URL.
 *
 * API keys never enter these errors: messages name the key's environment variable, never its
 * value, and `raw` (the server's own words, which some gateways fill with the key they were
 * sent) is scrubbed of the key and of anything shaped like one. The SDK's error is not kept as
 * `cause`, since its text would carry the same risk into logs.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { publicBaseUrl } from "./public-url.js";
import type { LlmErrorKind, LlmSystem } from "./types.js";

const RETRYABLE: ReadonlySet<LlmErrorKind> = new Set([
  "rate_limited",
  "server",
  "timeout",
  "connection",
  "malformed",
  "empty",
]);

export interface LlmErrorDetails {
  retryAfterMs?: number;
  status?: number;
  /** The server's answer or error text, scrubbed of secrets and cut to 2,000 characters. */
  raw?: string;
  /** No connection could be made at all (refused, no such host): see `LlmError.unreachable`. */
  unreachable?: boolean;
}

/**
 * A failed provider call. `retryable` follows the kind; `attempts` is set by `withRetries`
 * when it gives up, so the caller can count calls made.
 */
export class LlmError extends Error {
  override name = "LlmError";
  readonly kind: LlmErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly raw?: string;
  /**
   * A "connection" error where nothing answered at all (connection refused, unknown host, no
   * route): a wrong base_url or a server not started, rather than a dropped connection.
   */
  readonly unreachable: boolean;
  /** Calls made for this request before giving up (set by retry.ts). */
  attempts?: number;

  constructor(kind: LlmErrorKind, message: string, details: LlmErrorDetails = {}) {
    super(message);
    this.kind = kind;
    this.retryable = RETRYABLE.has(kind);
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.status !== undefined) this.status = details.status;
    if (details.raw !== undefined) this.raw = details.raw;
    this.unreachable = details.unreachable === true;
  }

  /** Fatal for the whole job: the key or the model is wrong, and every other item will fail too. */
  get fatal(): boolean {
    return this.kind === "auth" || this.kind === "unknown_model";
  }
}

/** Things shaped like credentials: "sk-…" style keys, bearer tokens, "key=…" pairs. */
const SECRET_SHAPES = [
  /\b(?:sk|pk|rk|ak|gsk|xai|hf)[-_][A-Za-z0-9_\-*.]{6,}/g,
  /\bBearer\s+[A-Za-z0-9_\-.~+/=*]+/gi,
  /\b(api[-_]?key|token|secret)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
];

/**
 * `text` with `secret` (the key actually sent) and anything shaped like a credential replaced
 * by "[redacted]". Applied to every server-provided text that goes into an error.
 */
export function redact(text: string, secret?: string): string {
  let out = text;
  if (secret !== undefined && secret.length >= 4) out = out.split(secret).join("[redacted]");
  out = out.replace(SECRET_SHAPES[0]!, "[redacted]");
  out = out.replace(SECRET_SHAPES[1]!, "Bearer [redacted]");
  out = out.replace(SECRET_SHAPES[2]!, "$1$2[redacted]");
  return out;
}

const RAW_LIMIT = 2000;

function rawText(value: unknown, secret?: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string;
  if (typeof value === "string") text = value;
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = String(value);
    }
  }
  const clean = redact(text, secret);
  return clean.length > RAW_LIMIT ? `${clean.slice(0, RAW_LIMIT)}…` : clean;
}

/**
 * The wait a response asks for, in milliseconds: `retry-after-ms`, else `retry-after` as
 * seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now: number = Date.now(),
): number | undefined {
  if (headers === undefined) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get("retry-after");
  if (after === null || after.trim() === "") return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The base URL as messages show it: never with credentials or a query (public-url.ts). */
const url = (system: LlmSystem) => publicBaseUrl(system.baseUrl);
const where = (system: LlmSystem) => `the server at ${url(system)}`;
const named = (system: LlmSystem) => `system "${system.id}"`;

/** The fixed messages, one per kind, so that no server text reaches them unscrubbed. */
export const llmMessages = {
  missingKey: (system: LlmSystem) =>
    `$${system.apiKeyEnv} is not set: set it to the API key for ${named(system)} (${url(system)})`,
  auth: (system: LlmSystem, status: number) =>
    system.apiKeyEnv === undefined
      ? `${where(system)} asks for an API key (${status}): name the variable that holds it in api_key_env of ${named(system)}`
      : `${where(system)} refused the key in $${system.apiKeyEnv} (${status}): check the key of ${named(system)}`,
  unknownModel: (system: LlmSystem, status?: number) =>
    `model "${system.model}" is not served at ${url(system)}${status === undefined ? "" : ` (${status})`}: check \`model\` of ${named(system)}`,
  notFound: (system: LlmSystem) =>
    `${where(system)} answered 404 for ${named(system)}: check base_url (OpenAI-compatible servers usually end it in /v1) and \`model\``,
  rateLimited: (system: LlmSystem) =>
    `${where(system)} is rate limiting ${named(system)} (429): lower requests_per_minute, tokens_per_minute or concurrency if it persists`,
  server: (system: LlmSystem, status: number) =>
    `${where(system)} failed (${status}) for ${named(system)}`,
  timeout: (system: LlmSystem) =>
    `${named(system)} got no complete answer from ${url(system)} within ${system.timeoutMs / 1000} s: raise timeout_s or check the server`,
  connection: (system: LlmSystem, dropped: boolean) =>
    dropped
      ? `the connection to ${url(system)} dropped before ${named(system)}'s answer was complete`
      : `could not connect to ${url(system)} for ${named(system)}: is the server running, and is base_url right?`,
  malformed: (system: LlmSystem, what: string) =>
    `${where(system)} sent ${what} for ${named(system)}, not a chat completion`,
  empty: (system: LlmSystem) => `${where(system)} answered ${named(system)} with no text`,
  badRequest: (system: LlmSystem, status: number | undefined, reason: string) =>
    `${where(system)} refused the request of ${named(system)}${status === undefined ? "" : ` (${status})`}${reason === "" ? "" : `: ${reason}`}`,
};

/** Node's codes for a connection that never opened. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** A model the server says it does not know, whatever the status (vLLM, Ollama and OpenAI differ). */
function isUnknownModel(error: APIError): boolean {
  if (error.code === "model_not_found") return true;
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === "string" ? body.message : "";
  return /model\b.*\b(not found|does not exist|not exist|unknown|not available)/i.test(text);
}

/**
 * Maps what a call threw — the openai SDK's errors, an abort, our own LlmError — to an LlmError
 * of the right kind. `secret` is the key that was sent, scrubbed from any server text kept.
 * `timedOut` says our own per-attempt timer fired (an abort is then a timeout, not a cancel).
 *
 * @throws never; an unknown value becomes a "connection" error with its text scrubbed.
 */
export function classifyError(
  error: unknown,
  system: LlmSystem,
  options: { secret?: string; timedOut?: boolean } = {},
): LlmError {
  if (error instanceof LlmError) return error;
  const { secret } = options;
  if (options.timedOut) return new LlmError("timeout", llmMessages.timeout(system));
  if (error instanceof APIConnectionTimeoutError)
    return new LlmError("timeout", llmMessages.timeout(system));
  // An abort that is not our timer's: the caller's own cancel is rethrown by the client before
  // it gets here, so what is left is a connection something else cut.
  if (error instanceof APIUserAbortError || isAbort(error))
    return new LlmError("connection", llmMessages.connection(system, true));
  if (error instanceof APIConnectionError)
    return new LlmError("connection", llmMessages.connection(system, false), {
      unreachable: UNREACHABLE.has(String((error.cause as { code?: unknown } | undefined)?.code)),
    });
  if (error instanceof APIError) {
    const status = error.status;
    const raw = rawText(error.error ?? error.message, secret);
    const details: LlmErrorDetails = {};
    if (status !== undefined) details.status = status;
    if (raw !== undefined) details.raw = raw;
    if (status === undefined) {
      // An error event inside a stream: the server gave up mid-answer.
      return new LlmError("server", llmMessages.server(system, 500), details);
    }
    if (status === 401 || status === 403)
      return new LlmError("auth", llmMessages.auth(system, status), details);
    if (isUnknownModel(error))
      return new LlmError("unknown_model", llmMessages.unknownModel(system, status), details);
    // A 404 that names no model is more often a wrong path than a wrong model.
    if (status === 404) return new LlmError("unknown_model", llmMessages.notFound(system), details);
    if (status === 429) {
      const after = parseRetryAfter(error.headers);
      if (after !== undefined) details.retryAfterMs = after;
      return new LlmError("rate_limited", llmMessages.rateLimited(system), details);
    }
    if (status === 408) return new LlmError("timeout", llmMessages.timeout(system), details);
    if (status >= 500 || status === 409) {
      const after = parseRetryAfter(error.headers);
      if (after !== undefined) details.retryAfterMs = after;
      return new LlmError("server", llmMessages.server(system, status), details);
    }
    const body = error.error as { message?: unknown } | undefined;
    const reason = typeof body?.message === "string" ? redact(body.message, secret) : "";
    return new LlmError(
      "bad_request",
      llmMessages.badRequest(system, status, reason.slice(0, 300)),
      details,
    );
  }
  if (error instanceof SyntaxError) {
    return new LlmError("malformed", llmMessages.malformed(system, "text that is not JSON"), {
      raw: rawText(error.message, secret) ?? "",
    });
  }
  const text = error instanceof Error ? error.message : String(error);
  return new LlmError("connection", llmMessages.connection(system, true), {
    raw: rawText(text, secret) ?? "",
  });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}
