/**
 * Identical requests share one piece of work: the first starts it, the others wait for the same
 * promise, and it is aborted only once every request waiting for it has gone — one client
 * giving up does not cancel the others' answer, and the last one leaving frees the threads.
 */
export class SharedWork<T> {
  readonly #running = new Map<string, Work<T>>();

  /** Pieces of work under way. */
  get size(): number {
    return this.#running.size;
  }

  /**
   * The result of the work under `key`, joined or started with `start`.
   * @throws `signal.reason` when the caller's `signal` aborts first (the caller stops waiting;
   * the work stops when no caller is left).
   */
  run(key: string, start: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    const work = this.#running.get(key) ?? this.#start(key, start);
    work.waiters++;
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        reject(signal.reason);
        if (--work.waiters > 0) return;
        this.#forget(key, work);
        work.controller.abort();
      };
      if (signal.aborted) return leave();
      signal.addEventListener("abort", leave, { once: true });
      work.promise.then(
        (value) => {
          signal.removeEventListener("abort", leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", leave);
          reject(error);
        },
      );
    });
  }

  #start(key: string, start: (signal: AbortSignal) => Promise<T>): Work<T> {
    const controller = new AbortController();
    const work: Work<T> = { promise: start(controller.signal), controller, waiters: 0 };
    const forget = () => this.#forget(key, work);
    work.promise.then(forget, forget);
    this.#running.set(key, work);
    return work;
  }

  #forget(key: string, work: Work<T>): void {
    if (this.#running.get(key) === work) this.#running.delete(key);
  }
}

interface Work<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}
