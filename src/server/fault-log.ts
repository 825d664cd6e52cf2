/**
 * A recurring fault logged once per episode: the first occurrence in full (with its stack),
 * the repeats as one count per interval, and nothing once it stops — a later occurrence, after
 * a quiet interval, starts a new episode and is logged in full again. A full disk failed every
 * write with its own stack: 14,787 traces, 18 MB of stderr in 15 s, the one useful line lost.
 */
export type FaultSink = (message: string, error?: unknown) => void;

/** Past this many open episodes (distinct faults in one interval) repeats are logged in full. */
const MAX_EPISODES = 1000;

export class FaultLog {
  readonly #episodes = new Map<
    string,
    { message: string; repeats: number; timer: NodeJS.Timeout }
  >();

  constructor(
    private readonly sink: FaultSink,
    readonly intervalMs = 60_000,
  ) {}

  /** Logs `message` (and `error`) unless an episode of `key` is under way, then counts it. */
  report(key: string, message: string, error?: unknown): void {
    const episode = this.#episodes.get(key);
    if (episode) {
      episode.repeats++;
      return;
    }
    this.sink(message, error);
    if (this.#episodes.size >= MAX_EPISODES) return;
    const started = {
      message,
      repeats: 0,
      timer: setInterval(() => this.#tick(key), this.intervalMs),
    };
    // A log's timer never keeps the process alive.
    started.timer.unref();
    this.#episodes.set(key, started);
  }

  /** Writes the counts not yet written and ends every episode (when the server closes). */
  close(): void {
    for (const key of [...this.#episodes.keys()]) this.#end(key);
  }

  #tick(key: string): void {
    const episode = this.#episodes.get(key)!;
    if (episode.repeats === 0) this.#end(key);
    else this.#flush(episode);
  }

  #flush(episode: { message: string; repeats: number }): void {
    if (episode.repeats === 0) return;
    const seconds = Math.round(this.intervalMs / 1000);
    const times = episode.repeats === 1 ? "time" : "times";
    this.sink(
      `${firstLine(episode.message)} (again ${episode.repeats} ${times} within ${seconds} s)`,
    );
    episode.repeats = 0;
  }

  #end(key: string): void {
    const episode = this.#episodes.get(key)!;
    this.#flush(episode);
    clearInterval(episode.timer);
    this.#episodes.delete(key);
  }
}

const firstLine = (text: string) => text.split("\n", 1)[0]!;
