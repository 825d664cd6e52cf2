/**
 * Group commit: outcomes wait in a buffer and are finished in one transaction per group — when
 * `size` are waiting, or `delayMs` after the first one arrived, or when asked. Durable writes of
 * one item each would cap a run at a few hundred items a second on SQLite (one fsync each);
 * groups of 100 keep up with thousands. Flushes run one at a time, in order.
 */
import type { ItemOutcome } from "../store/port/jobs.js";

export interface GroupCommitOptions {
  size: number;
  delayMs: number;
  /** Writes one group; resolves after it has committed. */
  write(outcomes: ItemOutcome[]): Promise<void>;
  /** A write failed: the run must stop (the group's items stay leased and will be redone). */
  onError(error: unknown): void;
}

export class GroupCommit {
  #buffer: ItemOutcome[] = [];
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #writing = 0;

  constructor(private readonly options: GroupCommitOptions) {}

  /** Outcomes buffered or being written. */
  get waiting(): number {
    return this.#buffer.length + this.#writing;
  }

  add(outcome: ItemOutcome): void {
    this.#buffer.push(outcome);
    if (this.#buffer.length >= this.options.size) void this.flush();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.flush(), this.options.delayMs);
    }
  }

  /** Resolves when the groups already cut have committed (the buffer is left to fill). */
  settled(): Promise<void> {
    return this.#chain;
  }

  /** Writes what is buffered; resolves when it (and every earlier group) has committed. */
  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const group = this.#buffer;
    this.#buffer = [];
    if (group.length > 0) {
      this.#writing += group.length;
      this.#chain = this.#chain.then(async () => {
        try {
          await this.options.write(group);
        } catch (error) {
          this.options.onError(error);
        } finally {
          this.#writing -= group.length;
        }
      });
    }
    return this.#chain;
  }
}
