/**
 * A generation job's spec, as stored with the job (jobs are JSON in the database): the systems
 * (which name their key's environment variable, never the key), the diversity options, the
 * output target and, for `--fresh`, the nonce that keeps this job's answers apart from the
 * request cache's older ones. A worker on another machine reads it back through `parseGenerateSpec`.
 * The prompts are not here: each item's payload holds its own.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { LlmSystem } from "../../llm/types.js";
import type { DiversityOptions } from "./plan.js";

export const GENERATE_KIND = "generate";

/** Where the candidates go when the job completes. */
export type GenerateOutput =
  | { kind: "file" /** Absolute. */; path: string }
  | { kind: "project"; projectId: string };

export interface GenerateSpec {
  version: 1;
  systems: LlmSystem[];
  diversity: DiversityOptions;
  output: GenerateOutput;
  /** Set for `--fresh`: part of every cache key of this job, so no older answer is reused. */
  freshNonce?: string;
}

const params = z.object({
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  max_tokens: z.number().optional(),
  seed: z.number().optional(),
  stop: z.array(z.string()).optional(),
  presence_penalty: z.number().optional(),
  frequency_penalty: z.number().optional(),
});

const system = z.object({
  id: z.string(),
  model: z.string(),
  baseUrl: z.string(),
  apiKeyEnv: z.string().optional(),
  systemPrompt: z.string().optional(),
  params,
  price: z.object({ inputPerMillion: z.number(), outputPerMillion: z.number() }).optional(),
  concurrency: z.number(),
  requestsPerMinute: z.number().optional(),
  tokensPerMinute: z.number().optional(),
  timeoutMs: z.number(),
  stream: z.boolean(),
  family: z.string().optional(),
});

export const generateSpecSchema = z.object({
  version: z.literal(1),
  systems: z.array(system).min(1),
  diversity: z.object({
    n: z.number(),
    temperatures: z.array(z.number()).optional(),
    seeds: z.array(z.number()).optional(),
    nc: z.object({ k: z.number(), sequential: z.boolean() }).optional(),
  }),
  output: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("file"), path: z.string() }),
    z.object({ kind: z.literal("project"), projectId: z.string() }),
  ]),
  freshNonce: z.string().optional(),
});

/**
 * The spec of a stored job.
 * @throws {Error} naming the job when its spec is not a generation spec (a newer prefkit's, say).
 */
export function parseGenerateSpec(spec: unknown, jobId: string): GenerateSpec {
  const parsed = generateSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(
      `job ${jobId} has no valid generate spec (${first?.path.join(".") ?? ""}: ${first?.message ?? "invalid"})`,
    );
  }
  // zod leaves absent optional fields out: the value is the stored spec, with its types.
  return parsed.data as GenerateSpec;
}

/** Sorted keys, undefined dropped: the same value always hashes the same. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * What makes two runs the same job: the spec without the fresh nonce (a re-run of the same
 * `--fresh` command resumes the unfinished fresh job and keeps its nonce), and a digest of the
 * items (their keys and prompts), fed in as they are planned.
 */
export class JobFingerprint {
  readonly #hash = createHash("sha256");

  /** Any job's spec (the judge job's too): only its fresh nonce is treated apart. */
  constructor(spec: { freshNonce?: string }) {
    const { freshNonce, ...rest } = spec;
    this.#hash.update(canonicalJson({ ...rest, fresh: freshNonce !== undefined }));
  }

  add(key: string, payload: unknown): void {
    this.#hash.update("\n").update(key).update("\0").update(canonicalJson(payload));
  }

  digest(): string {
    return this.#hash.digest("hex");
  }
}
