/**
 * The server's fit pool: the same samples as a plain bootstrap, a bounded queue, and
 * cancellation that frees the threads. Slots here are controllable fakes (and the calling
 * thread); the built server's worker threads are checked by fit-cancel.e2e.test.ts.
 */
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/core/random/index.js";
import { type BootstrapSamples, bootstrapSamples } from "../../src/core/rating/bootstrap.js";
import { prepareLeaderboard } from "../../src/core/rating/prepare-leaderboard.js";
import { simulateBattles } from "../../src/core/rating/simulate-battles.js";
import { FitCancelled, FitPool, PoolBusy } from "../../src/parallel/fit-pool.js";
import { type Chunk, type FitSlot, InThreadSlot } from "../../src/parallel/fit-slots.js";
import { countsFromSequence } from "../core/rating/helpers.js";

const sequence = simulateBattles({
  ratings: [1100, 1050, 1000, 900],
  battles: 1500,
  random: createRandom(3),
});
const problem = (rounds: number, seed = 1) =>
  prepareLeaderboard({ counts: countsFromSequence(sequence) }, { bootstrapRounds: rounds, seed });

/** Slots whose chunks finish when the test says so; records what ran and what was cancelled. */
class Gated {
  readonly started: Chunk[] = [];
  readonly cancelled: Chunk[] = [];
  readonly #open: { chunk: Chunk; finish: () => void; cancel: () => void }[] = [];

  slot = (): FitSlot => {
    let current: { chunk: Chunk; finish: () => void; cancel: () => void } | undefined;
    return {
      run: (chunk) =>
        new Promise<BootstrapSamples>((resolve, reject) => {
          this.started.push(chunk);
          current = {
            chunk,
            finish: () => resolve(bootstrapSamples(chunk.problem, chunk.from, chunk.to)),
            cancel: () => reject(new FitCancelled()),
          };
          this.#open.push(current);
        }),
      cancel: () => {
        if (!current) return;
        this.cancelled.push(current.chunk);
        this.#open.splice(this.#open.indexOf(current), 1);
        current.cancel();
        current = undefined;
      },
      close: async () => {},
    };
  };

  /** Finishes every chunk under way, then lets the pool hand out the next ones. */
  async finishAll(): Promise<void> {
    for (const open of this.#open.splice(0)) open.finish();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("FitPool", () => {
  // Each test builds its own pool, options in view.
  it("gives the samples of a plain bootstrap, however the rounds are cut", async () => {
    const pool = new FitPool({
      threads: 3,
      queue: 0,
      chunkRounds: 7,
      slot: () => new InThreadSlot(),
    });
    const p = problem(50);
    const samples = await pool.bootstrap(p);
    expect(samples).toEqual(bootstrapSamples(p, 0, 50));
    await pool.close();
  });

  it("takes each fit's abort listener off the signal once the fit is done", async () => {
    // A by=category request runs up to 100 fits, one after another, on one request's signal.
    const pool = new FitPool({
      threads: 1,
      queue: 0,
      chunkRounds: 10,
      slot: () => new InThreadSlot(),
    });
    const controller = new AbortController();
    for (let k = 0; k < 12; k++) await pool.bootstrap(problem(10, k + 1), controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    await pool.close();
  });

  it("admits threads + queue fits and refuses the next with PoolBusy", async () => {
    const gates = new Gated();
    const pool = new FitPool({ threads: 2, queue: 1, chunkRounds: 100, slot: gates.slot });
    const fits = [1, 2, 3].map((seed) => pool.bootstrap(problem(100, seed)));
    const refused = pool.bootstrap(problem(100, 4));
    await expect(refused).rejects.toBeInstanceOf(PoolBusy);
    await expect(refused).rejects.toMatchObject({ capacity: 3 });
    await settle();
    // One chunk per thread: fits 1 and 2 run, fit 3 waits.
    expect(gates.started.map((c) => c.fit)).toEqual([1, 2]);
    await gates.finishAll();
    expect(gates.started.map((c) => c.fit)).toEqual([1, 2, 3]);
    await gates.finishAll();
    const done = await Promise.all(fits);
    expect(done.map((s) => s.ratings.length)).toEqual([400, 400, 400]);
    // Room again.
    const again = pool.bootstrap(problem(100, 5));
    await settle();
    await gates.finishAll();
    await expect(again).resolves.toBeDefined();
  });

  it("hands a lone fit's chunks to every thread, and fits finish in the order they came", async () => {
    const gates = new Gated();
    const pool = new FitPool({ threads: 2, queue: 2, chunkRounds: 10, slot: gates.slot });
    const first = pool.bootstrap(problem(30, 1));
    const second = pool.bootstrap(problem(30, 2));
    await settle();
    expect(gates.started.map((c) => [c.fit, c.from])).toEqual([
      [1, 0],
      [1, 10],
    ]);
    await gates.finishAll();
    // Fit 1's last chunk on one thread; fit 2 begins on the other.
    expect(gates.started.map((c) => c.fit)).toEqual([1, 1, 1, 2]);
    await gates.finishAll();
    await expect(first).resolves.toBeDefined();
    await gates.finishAll();
    await Promise.all([first, second]);
    expect(gates.started.map((c) => c.fit)).toEqual([1, 1, 1, 2, 2, 2]);
  });

  it("drops a waiting fit whose signal aborts: it never runs", async () => {
    const gates = new Gated();
    const pool = new FitPool({ threads: 1, queue: 1, chunkRounds: 100, slot: gates.slot });
    const running = pool.bootstrap(problem(100, 1));
    const controller = new AbortController();
    const waiting = pool.bootstrap(problem(100, 2), controller.signal);
    await settle();
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(FitCancelled);
    expect(pool.load.fits).toBe(1);
    await gates.finishAll();
    await gates.finishAll();
    await running;
    expect(gates.started.map((c) => c.fit)).toEqual([1]);
  });

  it("stops a running fit's chunks when its signal aborts, and the threads go on to the next", async () => {
    const gates = new Gated();
    const pool = new FitPool({ threads: 2, queue: 1, chunkRounds: 50, slot: gates.slot });
    const controller = new AbortController();
    const doomed = pool.bootstrap(problem(1000, 1), controller.signal);
    const next = pool.bootstrap(problem(100, 2));
    await settle();
    expect(gates.started.map((c) => c.fit)).toEqual([1, 1]);
    controller.abort();
    await expect(doomed).rejects.toBeInstanceOf(FitCancelled);
    expect(gates.cancelled.map((c) => c.fit)).toEqual([1, 1]);
    await settle();
    // Both threads moved on to the next fit; nothing more of the cancelled one was started.
    expect(gates.started.map((c) => c.fit)).toEqual([1, 1, 2, 2]);
    await gates.finishAll();
    await expect(next).resolves.toBeDefined();
    expect(pool.load).toEqual({ fits: 0, runningChunks: 0 });
  });

  it("needs no thread for zero rounds, and refuses work once closed", async () => {
    const pool = new FitPool({ threads: 1, queue: 0, slot: () => new InThreadSlot() });
    expect((await pool.bootstrap(problem(0))).ratings).toHaveLength(0);
    await pool.close();
    await expect(pool.bootstrap(problem(10))).rejects.toBeInstanceOf(FitCancelled);
  });

  it("refuses nonsense options", () => {
    expect(() => new FitPool({ threads: 0, queue: 0 })).toThrow(RangeError);
    expect(() => new FitPool({ threads: 1, queue: -1 })).toThrow(RangeError);
  });
});
