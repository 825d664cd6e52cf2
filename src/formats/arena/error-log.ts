/** Error bookkeeping shared by the whole-file readers, and their common result shape. */
import type { RecordError } from "./battle-record.js";
import type { RecordProcessor } from "./record-processor.js";
import type { LocatedError, RangeResult } from "./scan-jsonl-range.js";

const MAX_KEPT_ERRORS = 20;

export class ErrorLog {
  readonly errors: LocatedError[] = [];
  readonly counts: Record<string, number> = {};
  constructor(private readonly skipInvalid: boolean) {}
  /** Records an error; returns true when reading must stop. */
  add(error: RecordError, line: number): boolean {
    this.counts[error.code] = (this.counts[error.code] ?? 0) + 1;
    if (this.errors.length < MAX_KEPT_ERRORS) this.errors.push({ ...error, line });
    return !this.skipInvalid;
  }
}

export function result(
  p: RecordProcessor,
  lines: number,
  log: ErrorLog,
  digest: string,
): RangeResult {
  return {
    state: p.sink.state(),
    lines,
    records: p.records,
    errors: log.errors,
    errorCounts: log.counts,
    digest,
  };
}
