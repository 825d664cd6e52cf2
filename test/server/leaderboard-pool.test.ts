/**
 * Leaderboard requests share the server's fit pool: past its threads and queue they get 503
 * `busy` with Retry-After; identical requests share one fit; a fit stops when every client
 * waiting for it has gone. The pool here runs chunks only when the test says so.
 */
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { type BootstrapSamples, bootstrapSamples } from "../../src/core/rating/bootstrap.js";
import { FitCancelled, FitPool } from "../../src/parallel/fit-pool.js";
import type { Chunk, FitSlot } from "../../src/parallel/fit-slots.js";
import { buildApp } from "../../src/server/app.js";
import { bearer, json, sharedFixture } from "./helpers.js";

/** Slots that finish their chunks on `release()`; they count what was started and cancelled. */
class Gates {
  started = 0;
  cancelled = 0;
  readonly #open = new Set<() => void>();

  slot = (): FitSlot => {
    let cancel: (() => void) | undefined;
    return {
      run: (chunk: Chunk) =>
        new Promise<BootstrapSamples>((resolve, reject) => {
          this.started++;
          const finish = () => {
            this.#open.delete(finish);
            resolve(bootstrapSamples(chunk.problem, chunk.from, chunk.to));
          };
          this.#open.add(finish);
          cancel = () => {
            this.#open.delete(finish);
            this.cancelled++;
            reject(new FitCancelled());
          };
        }),
      cancel: () => cancel?.(),
      close: async () => {},
    };
  };

  /** Finishes chunks until no more come. */
  async release(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      for (const finish of [...this.#open]) finish();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

const until = async (ready: () => boolean) => {
  for (let i = 0; i < 400 && !ready(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ready()).toBe(true);
};

describe("leaderboards on the fit pool", () => {
  const fixture = sharedFixture(async (f) => {
    // Battles between the three systems, so that there is something to fit.
    const vote = (a: string, b: string, outcome: string) =>
      f.app.inject({
        method: "POST",
        url: "/api/projects/p1/judgments",
        headers: bearer(f.tokens.admin),
        payload: { kind: "pairwise", prompt: a.split("-")[0]!.replace("c", "p"), a, b, outcome },
      });
    for (const [a, b, outcome] of [
      ["c0-0", "c0-1", "a"],
      ["c1-1", "c1-2", "a"],
      ["c2-0", "c2-2", "b"],
      ["c3-0", "c3-1", "b"],
      ["c0-1", "c0-2", "tie"],
    ] as const) {
      expect((await vote(a, b, outcome)).statusCode).toBe(201);
    }
  });

  /** An app on a fit pool of one thread whose chunks finish on `gates.release()`. */
  async function onGatedPool(
    pool: { queue: number; chunkRounds?: number },
    run: (app: FastifyInstance, fits: FitPool, gates: Gates) => Promise<void>,
  ): Promise<void> {
    const gates = new Gates();
    const fits = new FitPool({ threads: 1, ...pool, slot: gates.slot });
    const app = await buildApp({ store: fixture().store, fits });
    try {
      await run(app, fits, gates);
    } finally {
      await app.close();
      await fits.close();
    }
  }

  const board = (app: FastifyInstance, seed: number, rounds = 100) =>
    app.inject({
      url: `/api/projects/p1/leaderboard?bootstrap=${rounds}&seed=${seed}`,
      headers: bearer(fixture().tokens.viewer),
    });

  it("answers 503 busy with Retry-After past the pool's threads and queue", async () => {
    await onGatedPool({ queue: 1 }, async (app, fits, gates) => {
      const first = board(app, 1);
      const second = board(app, 2);
      await until(() => fits.load.fits === 2);
      const third = await board(app, 3);
      expect(third.statusCode).toBe(503);
      expect(json(third).error).toEqual({
        code: "busy",
        message: expect.stringMatching(/^the server is busy fitting other leaderboards/),
      });
      expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
      await gates.release();
      expect((await first).statusCode).toBe(200);
      expect((await second).statusCode).toBe(200);
    });
  });

  it("fits identical concurrent requests once", async () => {
    await onGatedPool({ queue: 0, chunkRounds: 1000 }, async (app, _fits, gates) => {
      const answers = Array.from({ length: 5 }, () => board(app, 9));
      await until(() => gates.started === 1);
      await gates.release();
      const bodies = (await Promise.all(answers)).map((r) => {
        expect(r.statusCode).toBe(200);
        return r.body;
      });
      expect(new Set(bodies).size).toBe(1);
      expect(gates.started).toBe(1);
    });
  });

  it("stops a fit when its only client goes away, not while another still waits", async () => {
    await onGatedPool({ queue: 2, chunkRounds: 1000 }, async (app, fits, gates) => {
      await app.listen({ port: 0, host: "127.0.0.1" });
      const { port } = app.server.address() as { port: number };
      const fetchBoard = (seed: number, signal: AbortSignal) =>
        fetch(`http://127.0.0.1:${port}/api/projects/p1/leaderboard?bootstrap=100&seed=${seed}`, {
          headers: bearer(fixture().tokens.viewer),
          signal,
        }).catch((error: Error) => error.name);
      // Two clients of one fit: the first leaves, the second gets its answer.
      const leaving = new AbortController();
      const staying = new AbortController();
      const left = fetchBoard(21, leaving.signal);
      await until(() => gates.started === 1);
      const stayed = fetchBoard(21, staying.signal);
      await new Promise((resolve) => setTimeout(resolve, 50));
      leaving.abort();
      expect(await left).toBe("AbortError");
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(gates.cancelled).toBe(0);
      await gates.release();
      expect(((await stayed) as Response).status).toBe(200);

      // A fit whose only client leaves stops, and frees its thread.
      const alone = new AbortController();
      const gone = fetchBoard(22, alone.signal);
      await until(() => gates.started === 2);
      alone.abort();
      expect(await gone).toBe("AbortError");
      await until(() => gates.cancelled === 1);
      expect(fits.load).toEqual({ fits: 0, runningChunks: 0 });
    });
  });
});
