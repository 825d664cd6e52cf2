/** Progress on stderr: a live line on a terminal, nothing otherwise unless forced. */
export class Progress {
  private last = 0;
  private shown = false;
  constructor(
    readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(label: string, done: number, total: number, unit = ""): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < total && now - this.last < 100) return;
    this.last = now;
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    const text = `${label} ${pct}% (${format(done, unit)}/${format(total, unit)})`;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[2K${text}`);
    else this.stream.write(`${text}\n`);
    this.shown = true;
  }

  /**
   * A count with no known total ("reading 120000 records"): at most every 100 ms on a terminal,
   * every 2 s otherwise (a log file should not get a line per record).
   */
  count(label: string, done: number, unit = ""): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < (this.stream.isTTY ? 100 : 2000)) return;
    this.last = now;
    const text = `${label} ${format(done, unit)}`;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[2K${text}`);
    else this.stream.write(`${text}\n`);
    this.shown = true;
  }

  done(): void {
    if (this.enabled && this.shown && this.stream.isTTY) this.stream.write("\r\x1b[2K");
    this.shown = false;
  }
}

function format(value: number, unit: string): string {
  if (unit === "B")
    return value >= 1 << 20
      ? `${(value / (1 << 20)).toFixed(0)} MiB`
      : `${(value / 1024).toFixed(0)} KiB`;
  return `${value}${unit}`;
}
