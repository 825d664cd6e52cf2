/**
 * The request cache's key: what makes two calls the same call. A successful answer is stored
 * under the hash of its request, so it is never paid for twice — in this job or a later one.
 *
 * The key covers the base URL (normalised: no trailing slash), the model, every sampling
 * parameter sent (undefined ones dropped), the messages, the number of choices asked for, and
 * the sample's index: n independent samples of one prompt are n keys. It does not cover the
 * system's id, its price, its limits or its key: renaming a system or rotating its key keeps
 * its answers.
 */
import { createHash } from "node:crypto";
import type { Message } from "../core/types.js";
import type { ChatRequest, LlmSystem, SamplingParams } from "./types.js";

/** `params` without its undefined entries, so `{ seed: undefined }` and `{}` are the same call. */
export function definedParams(params: SamplingParams): SamplingParams {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) if (value !== undefined) out[name] = value;
  return out as SamplingParams;
}

/**
 * The call a system makes for a conversation: its system prompt first when the conversation
 * has no system message, its parameters under the ones given here.
 *
 * @example requestFor(system, [{ role: "user", content: "Hi" }], { sample: 0 })
 */
export function requestFor(
  system: LlmSystem,
  messages: readonly Message[],
  options: { sample: number; n?: number; params?: SamplingParams },
): ChatRequest {
  const hasSystem = messages.some((m) => m.role === "system");
  const sent: readonly Message[] =
    system.systemPrompt !== undefined && system.systemPrompt !== "" && !hasSystem
      ? [{ role: "system", content: system.systemPrompt }, ...messages]
      : messages;
  const request: ChatRequest = {
    baseUrl: normaliseBaseUrl(system.baseUrl),
    model: system.model,
    messages: sent,
    params: definedParams({ ...system.params, ...options.params }),
    sample: options.sample,
  };
  if (options.n !== undefined && options.n !== 1) request.n = options.n;
  return request;
}

export const normaliseBaseUrl = (url: string): string => url.replace(/\/+$/, "");

/** JSON with object keys sorted at every depth and undefined properties dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * The request's cache key: sha256 (hex) of its canonical JSON. Equal requests give equal keys;
 * a change of model, base URL, a parameter, a message, `n` or the sample index changes it.
 * O(size of the request).
 */
export function requestKey(request: ChatRequest): string {
  const canonical = canonicalJson({
    baseUrl: normaliseBaseUrl(request.baseUrl),
    model: request.model,
    messages: request.messages,
    params: definedParams(request.params),
    n: request.n ?? 1,
    sample: request.sample,
  });
  return createHash("sha256").update(canonical).digest("hex");
}
