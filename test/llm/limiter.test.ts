import { describe, expect, it } from "vitest";
import { SystemLimiter } from "../../src/llm/limiter.js";

/**
 * Virtual time: `sleep` registers a wake-up; `drive` lets pending work run, then moves the clock
 * to the earliest wake-up and fires it, until `work` settles.
 */
function fakeClock() {
  const clock = { t: 0 };
  const timers: { at: number; wake: () => void }[] = [];
  return {
    clock,
    now: () => clock.t,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        timers.push({ at: clock.t + ms, wake });
      }),
    async drive<T>(work: Promise<T>): Promise<T> {
      let settled = false;
      const result = work.finally(() => {
        settled = true;
      });
      while (!settled) {
        await new Promise((r) => setImmediate(r));
        if (settled || timers.length === 0) continue;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift()!;
        clock.t = Math.max(clock.t, next.at);
        next.wake();
      }
      return result;
    },
  };
}

describe("SystemLimiter", () => {
  it("never has more than `concurrency` calls in flight", async () => {
    const limiter = new SystemLimiter({ concurrency: 3 });
    let inFlight = 0;
    let peak = 0;
    const done = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        limiter.run(1, async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, (i % 4) + 1));
          inFlight -= 1;
          return i;
        }),
      ),
    );
    expect(done).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(peak).toBe(3);
    expect(limiter.active).toBe(0);
  });

  it("keeps requests per minute: 120 requests at 60/min take about two minutes", async () => {
    const { clock, now, sleep, drive } = fakeClock();
    const limiter = new SystemLimiter({ concurrency: 1000, requestsPerMinute: 60, now, sleep });
    const starts: number[] = [];
    await drive(
      Promise.all(
        Array.from({ length: 120 }, () => limiter.run(0, async () => void starts.push(now()))),
      ),
    );
    starts.sort((a, b) => a - b);
    // In any 60 s window at most 60 + 1 (the bucket holds one second's worth).
    for (let i = 0; i < starts.length; i++) {
      const inWindow = starts.filter((t) => t >= starts[i]! && t < starts[i]! + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(61);
    }
    expect(clock.t).toBeGreaterThanOrEqual(118_000);
  });

  it("keeps tokens per minute, a request larger than the bucket waiting for a full one", async () => {
    const { clock, now, sleep, drive } = fakeClock();
    const limiter = new SystemLimiter({ concurrency: 10, tokensPerMinute: 6000, now, sleep });
    // 10 requests of 500 tokens at 100 tokens/s: each waits for a full bucket (100) and leaves
    // it 400 in debt, so every request after the first costs 5 s: 45 s in all.
    await drive(Promise.all(Array.from({ length: 10 }, () => limiter.run(500, async () => {}))));
    expect(clock.t).toBeGreaterThanOrEqual(45_000);
    expect(clock.t).toBeLessThan(46_000);
  });

  it("pauses every request of the system after a 429", async () => {
    const { clock, now, sleep, drive } = fakeClock();
    const limiter = new SystemLimiter({ concurrency: 4, now, sleep });
    limiter.pause(5000);
    const starts: number[] = [];
    await drive(
      Promise.all(
        Array.from({ length: 4 }, () => limiter.run(0, async () => void starts.push(now()))),
      ),
    );
    expect(starts.every((t) => t >= 5000)).toBe(true);
    expect(clock.t).toBe(5000);
  });

  it("refuses a concurrency that is not a positive integer", () => {
    expect(() => new SystemLimiter({ concurrency: 0 })).toThrow(RangeError);
  });
});
