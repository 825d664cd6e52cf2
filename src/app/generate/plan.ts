/**
 * The plan of a generation job: prompts × systems × diversity variants × samples, one job item
 * per model call (an "nc-sequential" item makes its k calls itself, in order, since each sees the
 * answers before it). Items come out as a generator in a fixed order, so 100,000 of them never sit
 * in memory at once, and the same inputs always give the same keys: a re-run finds its job's
 * items (and a resumed job adds none twice).
 */
import { createHash } from "node:crypto";
import type { Prompt } from "../../core/types.js";
import type { LlmSystem, SamplingParams } from "../../llm/types.js";

/** How a candidate set is made: independent draws, or negatively-correlated (methods.md §D3). */
export type GenerateMode = "independent" | "nc" | "nc-sequential";

export interface DiversityOptions {
  /** Samples per variant (independent draws, or NC calls). At least 1. */
  n: number;
  /** Each temperature is a variant (× n samples); absent: the system's own temperature. */
  temperatures?: readonly number[];
  /** Each seed is a variant (× n samples) sent as `params.seed`. */
  seeds?: readonly number[];
  /** NC(k): k deliberately different answers per call ("nc") or per chain of k calls ("nc-sequential"). */
  nc?: { k: number; sequential: boolean };
}

/** What one item of a generation job does: everything a worker on another machine needs. */
export interface GenerateItemPayload {
  /** The prompt, whole: the output (file or project) is written from the items alone. */
  prompt: Prompt;
  systemId: string;
  /** Which independent sample of this variant (0-based): the request cache's `sample`. */
  sample: number;
  /** Merged over the system's own params (a temperature or seed variant). */
  params: SamplingParams;
  mode: GenerateMode;
  /** Answers asked for, in the NC modes. */
  k?: number;
}

export interface PlannedItem {
  key: string;
  payload: GenerateItemPayload;
}

/** Keys longer than this become a short hash (a job item's key is stored and indexed). */
const MAX_KEY = 200;

/** `|` separates a key's parts, so ids escape it (and `%`, the escape itself). */
const part = (id: string) => id.replaceAll("%", "%25").replaceAll("|", "%7C");

/**
 * The item key: "<prompt>|<system>|t0.7|seed3|nc4|s1" (the parts that apply), or "h:<sha256 prefix>"
 * when that is longer than 200 characters. Distinct items have distinct keys.
 */
export function itemKey(payload: GenerateItemPayload): string {
  const { prompt, systemId, params, mode, k, sample } = payload;
  const parts = [part(prompt.id), part(systemId)];
  if (params.temperature !== undefined) parts.push(`t${params.temperature}`);
  if (params.seed !== undefined) parts.push(`seed${params.seed}`);
  if (mode === "nc") parts.push(`nc${k}`);
  if (mode === "nc-sequential") parts.push(`ncs${k}`);
  parts.push(`s${sample}`);
  const key = parts.join("|");
  return key.length <= MAX_KEY
    ? key
    : `h:${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
}

/** The (temperature, seed) variants: their product, or one variant of neither. */
function variants(options: DiversityOptions): SamplingParams[] {
  const temperatures = options.temperatures?.length ? options.temperatures : [undefined];
  const seeds = options.seeds?.length ? options.seeds : [undefined];
  return temperatures.flatMap((temperature) =>
    seeds.map((seed) => ({
      ...(temperature === undefined ? {} : { temperature }),
      ...(seed === undefined ? {} : { seed }),
    })),
  );
}

/**
 * Every item of the plan, prompt by prompt, then system, variant and sample. Prompts with the
 * same id are taken once (the first); the caller counts them (`dedupePrompts`).
 *
 * @example [...planGeneration([p], [a, b], { n: 2, temperatures: [0.2, 1] })].length // 8
 * @throws {RangeError} when n, k, a temperature or a seed is out of range.
 * Time and memory: O(1) per item; the prompts and systems as given.
 */
export function* planGeneration(
  prompts: Iterable<Prompt>,
  systems: readonly LlmSystem[],
  options: DiversityOptions,
): Generator<PlannedItem> {
  checkOptions(options);
  const mode: GenerateMode =
    options.nc === undefined ? "independent" : options.nc.sequential ? "nc-sequential" : "nc";
  const k = options.nc?.k;
  const each = variants(options);
  for (const prompt of prompts) {
    for (const system of systems) {
      for (const params of each) {
        for (let sample = 0; sample < options.n; sample++) {
          const payload: GenerateItemPayload = {
            prompt,
            systemId: system.id,
            sample,
            params,
            mode,
            ...(k === undefined ? {} : { k }),
          };
          yield { key: itemKey(payload), payload };
        }
      }
    }
  }
}

/** Model calls an item makes when nothing is cached and nothing is retried. */
export const callsOf = (payload: GenerateItemPayload): number =>
  payload.mode === "nc-sequential" ? (payload.k ?? 1) : 1;

/** Candidates an item makes when it succeeds. */
export const candidatesOf = (payload: GenerateItemPayload): number =>
  payload.mode === "independent" ? 1 : (payload.k ?? 1);

function checkOptions(options: DiversityOptions): void {
  if (!Number.isInteger(options.n) || options.n < 1) {
    throw new RangeError(`n must be a positive integer, got ${options.n}`);
  }
  for (const t of options.temperatures ?? []) {
    if (!Number.isFinite(t) || t < 0 || t > 2) {
      throw new RangeError(`a temperature must be between 0 and 2, got ${t}`);
    }
  }
  for (const s of options.seeds ?? []) {
    if (!Number.isSafeInteger(s)) throw new RangeError(`a seed must be an integer, got ${s}`);
  }
  const k = options.nc?.k;
  if (k !== undefined && (!Number.isInteger(k) || k < 2 || k > 16)) {
    throw new RangeError(`NC's k must be an integer from 2 to 16, got ${k}`);
  }
}

/**
 * Prompts with distinct ids, in order; `duplicates` counts those left out (the first of an id is
 * kept, and a later one with other content is counted in `conflicting`): data is never merged
 * without saying so.
 */
export function dedupePrompts(prompts: Iterable<Prompt>): {
  prompts: Prompt[];
  duplicates: number;
  conflicting: number;
} {
  const seen = new Map<string, string>();
  const out: Prompt[] = [];
  let duplicates = 0;
  let conflicting = 0;
  for (const p of prompts) {
    const content = JSON.stringify(p);
    const before = seen.get(p.id);
    if (before === undefined) {
      seen.set(p.id, content);
      out.push(p);
      continue;
    }
    duplicates++;
    if (before !== content) conflicting++;
  }
  return { prompts: out, duplicates, conflicting };
}
