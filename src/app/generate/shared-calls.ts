/**
 * Answers shared between the items of one run that make the same request: the first item's call
 * is the others' answer, in flight or just made. The request cache alone does not merge them —
 * an answer reaches the cache when its item's group commits, so copies of a request that run at
 * the same moment (a judge shown one text under two prompt ids, in one batch) would each be sent
 * and paid. The recent answers are kept too, not only those in flight: the gap between an
 * answer and its commit is covered. Held per run, in memory, bounded (oldest forgotten first);
 * the request cache stays the durable record.
 */
import type { ChatResult } from "../../llm/types.js";

/** Answers kept after their call returned (they are in the cache within a commit window). */
const DEFAULT_RECENT = 1000;

export class SharedCalls {
  readonly #answers = new Map<string, Promise<ChatResult | undefined>>();
  readonly #limit: number;

  constructor(limit = DEFAULT_RECENT) {
    if (!(limit >= 1)) throw new RangeError(`limit must be at least 1, got ${limit}`);
    this.#limit = limit;
  }

  /** The answer of a call already made or in flight under this key; undefined when none. */
  get(key: string): Promise<ChatResult | undefined> | undefined {
    return this.#answers.get(key);
  }

  /**
   * Shares a call's answer under its key. A call that fails is forgotten (the next copy makes
   * its own), so the promise given back never rejects through here.
   */
  share(key: string, call: Promise<ChatResult>): void {
    const answer = call.then(
      (result) => result,
      () => {
        if (this.#answers.get(key) === answer) this.#answers.delete(key);
        return undefined;
      },
    );
    this.#answers.delete(key);
    this.#answers.set(key, answer);
    while (this.#answers.size > this.#limit) {
      const oldest = this.#answers.keys().next().value as string;
      this.#answers.delete(oldest);
    }
  }

  /** Forgets a key's answer (one its caller could not use: the next copy asks again). */
  forget(key: string): void {
    this.#answers.delete(key);
  }
}
