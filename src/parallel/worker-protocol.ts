/**
 * What crosses between a worker thread and its parent: a task one way; progress, a result or a
 * failure the other. A failure is data — the issues of an `IssueError`, which the parent throws
 * again as one (an Error's class does not survive `postMessage`), or the message and stack of
 * anything else, which the parent throws as a plain Error (an internal error, reported as such).
 */
import { parentPort, type Transferable } from "node:worker_threads";
import { type Issue, IssueError, issuesOf } from "../core/issue.js";

/** A plain error's message and stack, and for a file-system error its code and path. */
interface PlainFailure {
  message: string;
  stack?: string;
  code?: string;
  path?: string;
}

export type Failure = { issues: [Issue, ...Issue[]] } | PlainFailure;

export type Reply<R> = { progress: number } | { result: R } | { failure: Failure };

export function failureOf(error: unknown): Failure {
  const issues = issuesOf(error);
  if (issues !== undefined && issues.length > 0) return { issues: issues as [Issue, ...Issue[]] };
  if (!(error instanceof Error)) return { message: String(error) };
  // A file the worker cannot open is the user's to fix: its code and path say which.
  const { code, path } = error as NodeJS.ErrnoException;
  return {
    message: error.message,
    ...(error.stack ? { stack: error.stack } : {}),
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof path === "string" ? { path } : {}),
  };
}

/** The failure as an error on this thread: an `IssueError` for issues, an `Error` otherwise. */
export function errorOf(failure: Failure): Error {
  if ("issues" in failure) return new IssueError(...failure.issues);
  const error: NodeJS.ErrnoException = new Error(failure.message);
  if (failure.stack !== undefined) error.stack = failure.stack;
  if (failure.code !== undefined) error.code = failure.code;
  if (failure.path !== undefined) error.path = failure.path;
  return error;
}

/**
 * The worker's side: answers every task with `handle`'s result (its `transfer` list moved, not
 * copied) or its failure. `progress(n)` reports n more units of work done.
 */
export function serveTasks<T, R>(
  handle: (task: T, progress: (done: number) => void) => R,
  transfer: (result: R) => Transferable[] = () => [],
): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks runs in a worker thread");
  port.on("message", (task: T) => {
    try {
      const result = handle(task, (done) => port.postMessage({ progress: done }));
      port.postMessage({ result } satisfies Reply<R>, transfer(result));
    } catch (error) {
      port.postMessage({ failure: failureOf(error) } satisfies Reply<R>);
    }
  });
}
