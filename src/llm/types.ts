/**
 * The language-model layer's contract: a system as a config file declares it, a chat request
 * and its result, and the errors a provider call ends in. Everything under src/llm speaks these
 * types; the jobs, the generate use case and the live arena take them as they are.
 *
 * API keys appear nowhere in these values: a system names the environment variable that holds
 * its key (`apiKeyEnv`), and only the client reads it, at call time. A system can therefore be
 * stored in a job's spec, logged or sent over the API without leaking anything.
 */
import type { Message } from "../core/types.js";

/** Sampling parameters sent as they are (OpenAI chat-completions names). */
export interface SamplingParams {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  stop?: readonly string[];
  presence_penalty?: number;
  frequency_penalty?: number;
}

/** A system that answers live: a model behind an OpenAI-compatible endpoint. */
export interface LlmSystem {
  /** The system's id in prefkit: what its candidates name (`systemId`). */
  id: string;
  /** The model name sent in the request. */
  model: string;
  /** The endpoint's base URL, e.g. "https://api.openai.com/v1" or "http://127.0.0.1:8000/v1". */
  baseUrl: string;
  /** The name of the environment variable holding the API key; absent for keyless servers. */
  apiKeyEnv?: string;
  /** Prepended as a system message when the conversation has none. */
  systemPrompt?: string;
  params: SamplingParams;
  /** US dollars per million tokens; absent when unknown (costs are then reported as unknown). */
  price?: { inputPerMillion: number; outputPerMillion: number };
  /** Requests in flight at once to this system. */
  concurrency: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /** Per attempt, from sending the request to the last byte of the answer. */
  timeoutMs: number;
  /** Ask for a streamed answer (server-sent events). */
  stream: boolean;
  /** The model family ("gpt", "llama", …), for self-preference checks of judges. */
  family?: string;
}

/**
 * One chat-completions call, as the request cache keys it. `sample` tells apart the n
 * independent samples of the same request: n samples are n distinct keys.
 */
export interface ChatRequest {
  baseUrl: string;
  model: string;
  messages: readonly Message[];
  params: SamplingParams;
  sample: number;
  /** Choices asked for in one call (OpenAI `n`); 1 when absent. */
  n?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** A completed call. `texts[i]` and `finishReasons[i]` are choice i. */
export interface ChatResult {
  texts: string[];
  /** "stop", "length" (truncated: kept, and marked), "content_filter", … or null when absent. */
  finishReasons: (string | null)[];
  /** As the server reported it, else estimated (`usageEstimated`). */
  usage: TokenUsage;
  usageEstimated: boolean;
  /** From sending the request to the last byte, in milliseconds. */
  latencyMs: number;
}

export type LlmErrorKind =
  /** 429. Retried, after Retry-After when the server sends one. */
  | "rate_limited"
  /** 5xx. Retried. */
  | "server"
  /** No complete answer within the system's timeout. Retried. */
  | "timeout"
  /** The connection failed or dropped mid-answer. Retried. */
  | "connection"
  /** A body that is not a chat completion, or a broken stream. Retried a bounded number of times. */
  | "malformed"
  /** A completion with no choices or no text. Retried a bounded number of times. */
  | "empty"
  /** 401/403, or the key's environment variable is unset. Fatal: the job stops. */
  | "auth"
  /** 404, or a model the server does not know. Fatal: the job stops. */
  | "unknown_model"
  /** Any other 4xx: the request itself is wrong. Fatal for the item. */
  | "bad_request";

/**
 * What a generated candidate records of its making, under `metadata.generation` (batch
 * generation and the live arena alike). Never sent to an annotator before their vote.
 */
export interface GenerationRecord {
  system: string;
  model: string;
  /** Which of the request's independent samples this is (0-based). */
  sample: number;
  /** The sampling parameters actually sent. */
  params: SamplingParams;
  inputTokens: number;
  outputTokens: number;
  usageEstimated: boolean;
  latencyMs: number;
  finishReason: string | null;
  /** US dollars; null when the system has no price. */
  cost: number | null;
  /** The request cache key (llm/request-key.ts). */
  requestKey: string;
  /** The job that made it, for batch generation. */
  job?: string;
  /** Diversity mode: "independent", or "nc" (one call asked for k answers that differ). */
  diversity?: string;
  /**
   * How many candidates this one call made ("nc" mode): the tokens and cost above are the
   * whole call's, so a sum over candidates divides each by this to count the call once.
   */
  sharedBy?: number;
}
