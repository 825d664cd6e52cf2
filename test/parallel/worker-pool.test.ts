/**
 * The worker pool that reading and bootstrap share: results in task order whichever thread ran
 * them, the same results on this thread, structured failures rebuilt as IssueErrors, a dead
 * thread failing only its task, and `stopAfter` ending a batch.
 */
import { describe, expect, it } from "vitest";
import { IssueError } from "../../src/core/issue.js";
import { TaskRunner, WorkerPool } from "../../src/parallel/worker-pool.js";
import { errorOf, failureOf } from "../../src/parallel/worker-protocol.js";

const SCRIPT = new URL("./fixtures/task-worker.mjs", import.meta.url);
type Task = { n: number; fail?: "issue" | "error" | "exit" };
const square = (task: Task, progress: (done: number) => void): number => {
  progress(1);
  return task.n * task.n;
};

describe("TaskRunner", () => {
  const tasks = Array.from({ length: 7 }, (_, n) => ({ n }));

  it("gives the same results in task order on worker threads and on this thread", async () => {
    for (const where of [{ threads: 3 }, { threads: 3, workers: false }, { threads: 1 }]) {
      const runner = new TaskRunner<Task, number>(SCRIPT, where, square);
      let progress = 0;
      const done: number[] = [];
      const results = await runner.runAll(tasks, {
        onProgress: (n) => {
          progress += n;
        },
        onDone: (task) => done.push(task.n),
      });
      await runner.close();
      expect(results).toEqual([0, 1, 4, 9, 16, 25, 36]);
      expect(progress).toBe(7);
      expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
  });

  it("ends the results with the task that stops the batch, on threads or not", async () => {
    for (const where of [{ threads: 1 }, { threads: 2 }]) {
      const runner = new TaskRunner<Task, number>(SCRIPT, where, square);
      const results = await runner.runAll(tasks, { stopAfter: (r) => r === 4 });
      await runner.close();
      expect(results).toEqual([0, 1, 4]);
    }
  });
});

describe("WorkerPool", () => {
  it("rebuilds a worker's issues as an IssueError with every issue", async () => {
    const pool = new WorkerPool<Task, number>(SCRIPT, 2);
    const error = await pool.run({ n: 1, fail: "issue" }).catch((e: unknown) => e);
    await pool.close();
    expect(error).toBeInstanceOf(IssueError);
    expect((error as IssueError).message).toBe("f.jsonl:3: x: bad value");
    expect((error as IssueError).issues).toHaveLength(2);
    expect((error as IssueError).location).toEqual({ file: "f.jsonl", line: 3, field: "x" });
  });

  it("rebuilds any other failure as a plain Error with the worker's stack", async () => {
    const pool = new WorkerPool<Task, number>(SCRIPT, 1);
    const error = await pool.run({ n: 1, fail: "error" }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(IssueError);
    expect(error).toMatchObject({ message: "a bug", stack: "Error: a bug\n    at here" });
    // The thread is still there for the next task.
    expect(await pool.run({ n: 3 })).toBe(9);
    await pool.close();
  });

  it("fails only the task of a thread that dies, and starts a fresh thread for the next", async () => {
    const pool = new WorkerPool<Task, number>(SCRIPT, 1);
    await expect(pool.run({ n: 1, fail: "exit" })).rejects.toThrow(/exited \(3\)/);
    expect(await pool.run({ n: 5 })).toBe(25);
    await pool.close();
  });
});

describe("failureOf and errorOf", () => {
  it("carry an IssueError's issues across as data", () => {
    const error = new IssueError({ code: "io", message: "cannot read", location: { file: "a" } });
    const failure = JSON.parse(JSON.stringify(failureOf(error)));
    expect(errorOf(failure)).toMatchObject({ code: "io", message: "a: cannot read" });
    expect(errorOf(failureOf("thrown text"))).toMatchObject({ message: "thrown text" });
  });
});
