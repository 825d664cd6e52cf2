/**
 * A finished generation job's output: its prompts, systems and candidates, into a project of the
 * store or into a dataset file in prefkit's canonical records (systems, then prompts, then
 * candidates — each candidate with its generation record under `metadata.generation`). Both read
 * the job's done items in key order, a page at a time, so memory follows the prompts, not the
 * items; both can run twice: the project's adds skip what is there, the file is written whole to
 * a temporary file and renamed into place.
 */
import type { Prompt, System, SystemId } from "../../core/types.js";
import { toCanonicalRecord } from "../../formats/dataset/prefkit-canonical.js";
import { openRecordSink } from "../../formats/dataset/write-records.js";
import { publicBaseUrl } from "../../llm/public-url.js";
import type { LlmSystem } from "../../llm/types.js";
import type { CatalogStore } from "../../store/port/catalog.js";
import type { JobsStore } from "../../store/port/jobs.js";
import { type GeneratedCandidate, toCandidate } from "./candidates.js";
import type { GenerateItemPayload } from "./plan.js";
import type { GenerateItemResult } from "./run-item.js";
import type { GenerateSpec } from "./spec.js";

const PAGE = 500;

export interface OutputSummary {
  prompts: number;
  systems: number;
  candidates: number;
}

/** The done items of a job, in key order, page by page. */
async function* doneItems(
  store: Pick<JobsStore, "listItems">,
  jobId: string,
): AsyncGenerator<{ payload: GenerateItemPayload; result: GenerateItemResult }> {
  let after: string | undefined;
  for (;;) {
    const page = await store.listItems(jobId, {
      status: "done",
      limit: PAGE,
      ...(after === undefined ? {} : { after }),
    });
    for (const item of page) {
      yield {
        payload: item.payload as GenerateItemPayload,
        result: item.result as GenerateItemResult,
      };
    }
    if (page.length < PAGE) return;
    after = page.at(-1)?.key;
  }
}

/**
 * A system as the catalog describes it: model and endpoint, without the key's variable, and the
 * endpoint without credentials or query (which the config refuses; this is the backstop).
 */
export function catalogSystem(system: LlmSystem): System {
  return {
    id: system.id as SystemId,
    model: system.model,
    config: {
      baseUrl: publicBaseUrl(system.baseUrl),
      params: system.params,
      ...(system.systemPrompt === undefined ? {} : { systemPrompt: system.systemPrompt }),
      ...(system.family === undefined ? {} : { family: system.family }),
    },
  };
}

/** The distinct prompts of the done items, in key order of their first item. */
async function promptsOf(store: Pick<JobsStore, "listItems">, jobId: string): Promise<Prompt[]> {
  const prompts = new Map<string, Prompt>();
  for await (const { payload } of doneItems(store, jobId)) {
    if (!prompts.has(payload.prompt.id)) prompts.set(payload.prompt.id, payload.prompt);
  }
  return [...prompts.values()];
}

/** Writes the job's candidates into `projectId` (which must exist). Idempotent. */
export async function writeToProject(
  store: Pick<JobsStore, "listItems"> & CatalogStore,
  jobId: string,
  spec: GenerateSpec,
  projectId: string,
): Promise<OutputSummary> {
  const prompts = await promptsOf(store, jobId);
  for (let i = 0; i < prompts.length; i += PAGE) {
    await store.addPrompts(projectId, prompts.slice(i, i + PAGE));
  }
  await store.addSystems(projectId, spec.systems.map(catalogSystem));
  let batch: GeneratedCandidate[] = [];
  let candidates = 0;
  for await (const { result } of doneItems(store, jobId)) {
    batch.push(...result.candidates);
    if (batch.length >= PAGE) {
      await store.addCandidates(projectId, batch.map(toCandidate));
      candidates += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await store.addCandidates(projectId, batch.map(toCandidate));
  candidates += batch.length;
  return { prompts: prompts.length, systems: spec.systems.length, candidates };
}

/**
 * Writes the job's candidates to `path` as canonical records (format by extension: .jsonl,
 * .json, .csv, .parquet, optionally .gz), atomically.
 */
export async function writeToFile(
  store: Pick<JobsStore, "listItems">,
  jobId: string,
  spec: GenerateSpec,
  path: string,
): Promise<OutputSummary> {
  const prompts = await promptsOf(store, jobId);
  const sink = openRecordSink(path);
  let candidates = 0;
  try {
    for (const system of spec.systems) {
      await sink.write(toCanonicalRecord({ type: "system", system: catalogSystem(system) }));
    }
    for (const prompt of prompts) await sink.write(toCanonicalRecord({ type: "prompt", prompt }));
    for await (const { result } of doneItems(store, jobId)) {
      for (const c of result.candidates) {
        await sink.write(toCanonicalRecord({ type: "candidate", candidate: toCandidate(c) }));
        candidates++;
      }
    }
    await sink.finish();
    await sink.commit();
  } catch (error) {
    await sink.abort();
    throw error;
  }
  return { prompts: prompts.length, systems: spec.systems.length, candidates };
}
