/**
 * A record's fields its format does not model (a TRL dataset's `prompt_id`, `score_chosen`, …):
 * kept on the item as metadata, so converting to another format that can hold extra fields —
 * TRL, RewardBench, LLMBar, HH-RLHF, arena logs, prefkit's judgments — writes them back.
 */
import type { Metadata } from "../../core/types.js";

/** The fields of `record` not in `modelled`, or undefined when there are none. */
export function unmodelledFields(
  record: unknown,
  modelled: readonly string[],
): Metadata | undefined {
  if (record === null || typeof record !== "object") return undefined;
  let rest: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (modelled.includes(key)) continue;
    rest ??= {};
    rest[key] = value;
  }
  return rest;
}

/** `{ metadata }` when there is any, for spreading into an item. */
export const withUnmodelled = (
  record: unknown,
  modelled: readonly string[],
): { metadata?: Metadata } => {
  const metadata = unmodelledFields(record, modelled);
  return metadata ? { metadata } : {};
};
