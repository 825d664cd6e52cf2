/**
 * A job run's progress on stderr: "generate 1,234/5,000 (24%) · 41.2/s · ETA 1m31s · 1.2M tokens
 * · $0.42 · 3 failed · 120 cached". Live (one rewritten line, at most 10 times a second) on a
 * terminal, a line every 2 s otherwise (a log should not get a line per item), nothing when
 * disabled. Counts are of committed items only: the runner reports after each group commits.
 */
import type { RunProgress } from "../jobs/types.js";

const group = new Intl.NumberFormat("en-US");

/** The progress line of a run, without a line break. */
export function jobProgressLine({ job, rate, etaSeconds }: RunProgress): string {
  const { counts, usage } = job;
  const finished = counts.done + counts.failed;
  const pct = counts.total > 0 ? Math.floor((100 * finished) / counts.total) : 100;
  const parts = [
    `${job.kind} ${group.format(finished)}/${group.format(counts.total)} (${pct}%)`,
    `${rate.toFixed(1)}/s`,
    `ETA ${etaSeconds === null ? "?" : duration(etaSeconds)}`,
    `${compact(usage.inputTokens + usage.outputTokens)} tokens`,
  ];
  if (usage.cost !== null) parts.push(`$${usage.cost.toFixed(2)}`);
  if (counts.failed > 0) parts.push(`${group.format(counts.failed)} failed`);
  if (usage.cached > 0) parts.push(`${group.format(usage.cached)} cached`);
  return parts.join(" · ");
}

/** "45s", "1m31s", "2h05m". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** "999", "45.3k", "1.2M". */
export function compact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${(n / 1e3).toFixed(1)}k`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)}M`;
  return `${(n / 1e9).toFixed(1)}G`;
}

export class JobProgress {
  #last = 0;
  #shown = false;

  constructor(
    readonly enabled: boolean,
    private readonly stream: Pick<NodeJS.WriteStream, "write" | "isTTY"> = process.stderr,
    private readonly now: () => number = Date.now,
  ) {}

  update(progress: RunProgress): void {
    if (!this.enabled) return;
    const now = this.now();
    if (this.#shown && now - this.#last < (this.stream.isTTY ? 100 : 2000)) return;
    this.#last = now;
    const text = jobProgressLine(progress);
    this.stream.write(this.stream.isTTY ? `\r\x1b[2K${text}` : `${text}\n`);
    this.#shown = true;
  }

  /** Clears the live line (a terminal); the caller prints its summary next. */
  done(): void {
    if (this.enabled && this.#shown && this.stream.isTTY) this.stream.write("\r\x1b[2K");
    this.#shown = false;
  }
}
