/**
 * Group commit for judgment submissions. A commit costs a disk flush (SQLite with
 * synchronous=FULL, PostgreSQL's WAL flush) whatever it holds, so submissions that arrive while
 * one transaction is committing wait and go into the next one together. Nobody is answered
 * before the transaction holding their judgments has committed, so "acknowledged means stored"
 * holds exactly as with one transaction per request.
 *
 * The store refuses a whole batch for one bad item (all or nothing); the request at fault then
 * gets that error, renumbered to its own items, and the others are committed without it. An
 * error that names no item sends each request of the batch through on its own.
 */
import { type NewJudgment, type Store, type StoredJudgment, StoreError } from "../store/store.js";

interface Waiting {
  judgments: readonly NewJudgment[];
  resolve: (stored: StoredJudgment[]) => void;
  reject: (error: unknown) => void;
}

/** Judgments per transaction at most: large enough to share flushes, small enough to stay fast. */
const MAX_BATCH = 2000;

export class GroupCommit {
  private readonly queues = new Map<string, Waiting[]>();

  constructor(private readonly store: Store) {}

  /** Stores one request's judgments; resolves once they are committed. */
  submit(projectId: string, judgments: readonly NewJudgment[]): Promise<StoredJudgment[]> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(projectId);
      if (queue) {
        queue.push({ judgments, resolve, reject });
        return;
      }
      this.queues.set(projectId, [{ judgments, resolve, reject }]);
      void this.drain(projectId);
    });
  }

  /** Commits the project's queue batch by batch until it is empty. */
  private async drain(projectId: string): Promise<void> {
    const queue = this.queues.get(projectId)!;
    while (queue.length > 0) {
      const batch: Waiting[] = [];
      let size = 0;
      while (
        queue.length > 0 &&
        (batch.length === 0 || size + queue[0]!.judgments.length <= MAX_BATCH)
      ) {
        const next = queue.shift()!;
        batch.push(next);
        size += next.judgments.length;
      }
      await this.commit(projectId, batch);
      // Let requests that arrived during the commit be read, so the next batch includes them.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.queues.delete(projectId);
  }

  private async commit(projectId: string, batch: Waiting[]): Promise<void> {
    let remaining = batch;
    while (remaining.length > 0) {
      try {
        const stored = await this.store.addJudgments(
          projectId,
          remaining.flatMap((w) => w.judgments),
        );
        let offset = 0;
        for (const w of remaining) {
          w.resolve(stored.slice(offset, offset + w.judgments.length));
          offset += w.judgments.length;
        }
        return;
      } catch (error) {
        const culprit = this.culprit(remaining, error);
        if (!culprit) {
          // An error that names no item may still be one request's fault (a value the
          // database refuses): each request then goes alone, so only its own fails.
          if (remaining.length > 1) {
            for (const w of remaining) await this.commit(projectId, [w]);
          } else remaining[0]!.reject(error);
          return;
        }
        culprit.waiting.reject(culprit.error);
        remaining = remaining.filter((w) => w !== culprit.waiting);
      }
    }
  }

  /** The request whose item the store refused, with the error numbered within that request. */
  private culprit(
    batch: readonly Waiting[],
    error: unknown,
  ): { waiting: Waiting; error: StoreError } | undefined {
    if (!(error instanceof StoreError) || error.index === undefined) return undefined;
    let offset = 0;
    for (const waiting of batch) {
      const end = offset + waiting.judgments.length;
      if (error.index < end) {
        const own = new StoreError(error.code, error.field, error.reason, error.index - offset);
        return { waiting, error: own };
      }
      offset = end;
    }
    return undefined;
  }
}
