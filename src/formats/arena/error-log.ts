/** Error bookkeeping shared by every arena reader, and their common result shape. */
import type { AccumulatorState } from "./battle-accumulator.js";
import type { RecordError } from "./battle-record.js";
import type { RecordProcessor } from "./record-processor.js";

export interface LocatedError extends RecordError {
  /** 1-based line within the range. */
  line: number;
}

export interface RangeResult {
  state: AccumulatorState;
  lines: number;
  records: number;
  /** The first errors (all of them counted in `errorCounts`). */
  errors: LocatedError[];
  errorCounts: Record<string, number>;
  digest: string;
}

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
