import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LlmError, parseRetryAfter } from "../../src/llm/errors.js";
import { backoffDelay, withRetries } from "../../src/llm/retry.js";
import type { LlmErrorKind } from "../../src/llm/types.js";

const failing = (kinds: LlmErrorKind[], retryAfterMs?: number) => {
  let n = 0;
  return async (attempt: number) => {
    expect(attempt).toBe(n + 1);
    const kind = kinds[n++];
    if (kind === undefined) return `ok after ${n}`;
    throw new LlmError(kind, kind, retryAfterMs === undefined ? {} : { retryAfterMs });
  };
};

function recorder(random = () => 0.5) {
  const delays: number[] = [];
  return {
    delays,
    options: { sleep: async (ms: number) => void delays.push(ms), random },
  };
}

describe("withRetries", () => {
  it("retries retryable failures with full jitter under an exponential ceiling", async () => {
    const { delays, options } = recorder(() => 0.5);
    const stats = { calls: 0 };
    await expect(
      withRetries(failing(["server", "timeout", "connection"]), { ...options, stats }),
    ).resolves.toBe("ok after 4");
    // Ceilings 500, 1000, 2000 ms; the random draw is 0.5.
    expect(delays).toEqual([250, 500, 1000]);
    expect(stats.calls).toBe(4);
  });

  it("honours Retry-After as a lower bound on the wait", async () => {
    const { delays, options } = recorder(() => 0.1);
    await withRetries(failing(["rate_limited", "rate_limited"], 3000), options);
    expect(delays).toEqual([3000, 3000]);
    const big = recorder(() => 0.99);
    await withRetries(
      failing(["server", "server", "server", "server", "server"], 100),
      big.options,
    );
    expect(big.delays).toEqual([495, 990, 1980, 3960, 7920]);
  });

  it("keeps every wait within [max(0, Retry-After), min(cap, base·2^(k-1))]", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: undefined }),
        (attempt, draw, after) => {
          const error = new LlmError(
            "server",
            "x",
            after === undefined ? {} : { retryAfterMs: after },
          );
          const delay = backoffDelay(attempt, error, {}, () => draw);
          const ceiling = Math.min(60_000, 500 * 2 ** (attempt - 1));
          expect(delay).toBeGreaterThanOrEqual(after ?? 0);
          expect(delay).toBeLessThanOrEqual(Math.max(ceiling, after ?? 0));
        },
      ),
    );
  });

  it("rethrows non-retryable errors at once", async () => {
    for (const kind of ["auth", "unknown_model", "bad_request"] as const) {
      const { delays, options } = recorder();
      const error = await withRetries(failing([kind, kind]), options).catch((e) => e);
      expect(error).toMatchObject({ kind, attempts: 1 });
      expect(delays).toEqual([]);
    }
    const plain = new Error("a bug");
    await expect(withRetries(async () => Promise.reject(plain))).rejects.toBe(plain);
  });

  it("gives up after 6 attempts, or 3 for malformed and empty answers", async () => {
    const always = (kind: LlmErrorKind) => failing(Array(20).fill(kind));
    const server = await withRetries(always("server"), recorder().options).catch((e) => e);
    expect(server).toMatchObject({ kind: "server", attempts: 6 });
    const malformed = await withRetries(always("malformed"), recorder().options).catch((e) => e);
    expect(malformed).toMatchObject({ kind: "malformed", attempts: 3 });
    const empty = await withRetries(always("empty"), {
      ...recorder().options,
      maxAttempts: 2,
    }).catch((e) => e);
    expect(empty).toMatchObject({ kind: "empty", attempts: 2 });
  });

  it("gives up at once when giveUp says so, and only then", async () => {
    const always = failing(Array(20).fill("connection"));
    const seen: number[] = [];
    const error = await withRetries(always, {
      ...recorder().options,
      giveUp: (_e, attempt) => {
        seen.push(attempt);
        return attempt >= 2;
      },
    }).catch((e) => e);
    expect(error).toMatchObject({ kind: "connection", attempts: 2 });
    expect(seen).toEqual([1, 2]);
  });

  it("stops waiting when the signal aborts", async () => {
    const controller = new AbortController();
    const call = withRetries(failing(["server", "server"]), {
      signal: controller.signal,
      random: () => 0.99,
    });
    setTimeout(() => controller.abort(new Error("cancelled")), 20);
    await expect(call).rejects.toThrow("cancelled");
  });
});

describe("parseRetryAfter", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);
  it("reads retry-after-ms, seconds and HTTP dates", () => {
    expect(parseRetryAfter(headers({ "retry-after-ms": "1500", "retry-after": "9" }))).toBe(1500);
    expect(parseRetryAfter(headers({ "retry-after": "2" }))).toBe(2000);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter(headers({ "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }), now)).toBe(
      30_000,
    );
    expect(parseRetryAfter(headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(parseRetryAfter(headers({}))).toBeUndefined();
  });
});
