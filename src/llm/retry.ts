/**
 * Retries with exponential back-off and full jitter (AWS Architecture Blog, "Exponential Backoff
 * and Jitter", 2015): before attempt k+1 wait a uniform random time in [0, min(cap, base·2^(k-1))],
 * which spreads many clients' retries instead of synchronising them. A server's Retry-After
 * (retry-after-ms, seconds or an HTTP date: errors.ts reads it) is a lower bound on the wait.
 *
 * Only retryable LlmErrors are retried (429, 5xx, timeouts, dropped connections, and — at most
 * `maxMalformedAttempts` times, since a server that sends garbage tends to keep doing so —
 * malformed and empty answers). Anything else is rethrown at once. The sleep, the random source
 * and the signal are injected, so tests run in no time and pin exact delays.
 */
import { LlmError } from "./errors.js";

export interface RetryPolicy {
  /** Attempts in all, the first included (default 6). */
  maxAttempts?: number;
  /** Attempts in all while the failures are malformed or empty answers (default 3). */
  maxMalformedAttempts?: number;
  /** The first back-off's ceiling, in milliseconds (default 500). */
  baseMs?: number;
  /** The largest back-off ceiling (default 60,000). */
  capMs?: number;
}

export interface RetryOptions extends RetryPolicy {
  signal?: AbortSignal;
  /** Waits; the default is an abortable setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1); default Math.random. */
  random?: () => number;
  /** Told before each wait: the error, the wait, and the attempt that failed (1-based). */
  onRetry?(error: LlmError, delayMs: number, attempt: number): void;
  /** Counts every attempt made (`calls` is incremented before each). */
  stats?: { calls: number };
  /** Asked after a retryable failure: true rethrows it at once (no more attempts). */
  giveUp?(error: LlmError, attempt: number): boolean;
}

export const DEFAULT_RETRY_POLICY: Required<RetryPolicy> = {
  maxAttempts: 6,
  maxMalformedAttempts: 3,
  baseMs: 500,
  capMs: 60_000,
};

/** An abortable wait. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The wait before the attempt after `attempt` (1-based): full jitter under the exponential
 * ceiling, raised to the server's Retry-After when it asks for longer.
 */
export function backoffDelay(
  attempt: number,
  error: LlmError | undefined,
  policy: RetryPolicy = {},
  random: () => number = Math.random,
): number {
  const base = policy.baseMs ?? DEFAULT_RETRY_POLICY.baseMs;
  const cap = policy.capMs ?? DEFAULT_RETRY_POLICY.capMs;
  const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  const after = error?.retryAfterMs;
  return after === undefined ? jittered : Math.max(jittered, Math.ceil(after));
}

/**
 * Runs `attempt(n)` (n = 1, 2, …) until it succeeds, fails with a non-retryable error, or the
 * attempts run out; the last error is rethrown with `attempts` set to the calls made.
 *
 * @throws the non-LlmError or non-retryable LlmError at once; the signal's reason when aborted.
 * @example await withRetries((n) => client.complete(request), { onRetry: log })
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts;
  const maxMalformed = options.maxMalformedAttempts ?? DEFAULT_RETRY_POLICY.maxMalformedAttempts;
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;
  let malformed = 0;
  for (let n = 1; ; n++) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (options.stats) options.stats.calls += 1;
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof LlmError)) throw error;
      error.attempts = n;
      if (!error.retryable || options.signal?.aborted) throw error;
      if (error.kind === "malformed" || error.kind === "empty") malformed += 1;
      if (n >= maxAttempts || malformed >= maxMalformed || options.giveUp?.(error, n)) throw error;
      const delay = backoffDelay(n, error, options, random);
      options.onRetry?.(error, delay, n);
      await wait(delay, options.signal);
    }
  }
}
