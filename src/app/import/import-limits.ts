/**
 * What one import through the server may hold (larger files belong to `prefkit import`, which
 * has none). Apart from the route so that `prefkit serve`'s option defaults need no server code.
 */
import type { ReadLimits } from "../../formats/dataset/read-limits.js";

/** The route's limits: bytes and records always, a Parquet decode deadline when given. */
export type ImportLimits = Required<Pick<ReadLimits, "maxBytes" | "maxRecords">> & ReadLimits;

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxRecords: 50_000,
};
