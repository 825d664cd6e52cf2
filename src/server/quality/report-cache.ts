/**
 * The quality reports' cache, as the leaderboard's: answers by route, project, query and
 * judgment version (so a new judgment makes the next request compute afresh), and identical
 * requests under way share one computation, which stops once all their clients have gone.
 */
import { LruCache } from "../lru-cache.js";
import { SharedWork } from "../shared-work.js";

/** Reports kept: each is a few kilobytes to a few hundred (Cohen's κ for many raters). */
const ENTRIES = 48;

export class ReportCache {
  // Values of several report types: each key starts with its route, so one key holds one type.
  readonly #answers = new LruCache<unknown>(ENTRIES);
  readonly #work = new SharedWork<unknown>();

  /**
   * The cached answer under `key`, or `compute`'s, shared with identical requests under way.
   * @throws `signal.reason` when the caller's client goes first, and what `compute` throws.
   */
  async get<T>(
    key: readonly unknown[],
    compute: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    const name = JSON.stringify(key);
    const hit = this.#answers.get(name);
    if (hit !== undefined) return hit as T;
    const answer = (await this.#work.run(name, compute, signal)) as T;
    this.#answers.set(name, answer);
    return answer;
  }
}
