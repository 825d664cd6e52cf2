/**
 * Token counts for dry runs, rate limits and servers that report no usage. OpenAI model
 * families get their real tokenizer (gpt-tokenizer, one encoding loaded lazily on first use:
 * each is megabytes, and most runs need one or none). Every other model gets an estimate.
 *
 * The estimate is ceil(UTF-8 bytes / 4). Four characters per token is OpenAI's own rule of
 * thumb for English under BPE tokenizers, and Llama, Mistral, Qwen and Gemma tokenizers land
 * near it for English prose (within roughly ±25 %). Counting UTF-8 bytes rather than characters
 * is deliberate: CJK text is 3 bytes a character and usually 1–2 tokens a character, so bytes/4
 * under-counts it by about half where chars/4 would under-count it four-fold; accented Latin and
 * Cyrillic sit in between. Code and numbers tokenize denser than prose, so the estimate runs
 * low there too. Costs from it are marked `method: "estimate"` so nobody mistakes them for exact.
 */
import { createRequire } from "node:module";
import type { Message } from "../core/types.js";

export type TokenMethod = "o200k_base" | "cl100k_base" | "estimate";

type Encoding = typeof import("gpt-tokenizer/encoding/o200k_base");

const require = createRequire(import.meta.url);
const encodings = new Map<"o200k_base" | "cl100k_base", Encoding>();

function encoding(name: "o200k_base" | "cl100k_base"): Encoding {
  let found = encodings.get(name);
  if (found === undefined) {
    found = require(`gpt-tokenizer/encoding/${name}`) as Encoding;
    encodings.set(name, found);
  }
  return found;
}

/**
 * Which tokenizer a model name calls for: o200k_base for gpt-4o, gpt-4.1, gpt-4.5, gpt-5,
 * chatgpt-4o and the o-series (o1, o3, o4); cl100k_base for gpt-4 and gpt-3.5; else an
 * estimate. A provider prefix ("openai/gpt-4o") is ignored.
 */
export function tokenizerFor(model: string): TokenMethod {
  const name = model.toLowerCase().split("/").pop() ?? "";
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|chatgpt-4o|gpt-oss|o[134](-|$))/.test(name))
    return "o200k_base";
  if (/^(gpt-4|gpt-3\.5)/.test(name)) return "cl100k_base";
  return "estimate";
}

const encoder = new TextEncoder();

/** ceil(UTF-8 bytes / 4): see the top of this file for why, and how wrong it can be. */
export function estimateTokens(text: string): number {
  return Math.ceil(encoder.encode(text).length / 4);
}

/**
 * Tokens in `text` for `model`, and how they were counted. O(length of text).
 *
 * @example countTokens("gpt-4o", "hello world") // { tokens: 2, method: "o200k_base" }
 */
export function countTokens(model: string, text: string): { tokens: number; method: TokenMethod } {
  const method = tokenizerFor(model);
  if (method === "estimate") return { tokens: estimateTokens(text), method };
  return { tokens: encoding(method).countTokens(text), method };
}

/** The text of a message's content: image parts count nothing here. */
export function contentText(message: Message): string {
  if (typeof message.content === "string") return message.content;
  return message.content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/**
 * Tokens of a chat request's input. OpenAI's accounting (the cookbook's
 * "num_tokens_from_messages") adds 3 tokens per message (its role and delimiters) and 3 for
 * the reply's priming; we add the same for every model, as other chat templates spend a
 * similar handful of tokens per turn.
 */
export function estimateChatTokens(
  model: string,
  messages: readonly Message[],
): { tokens: number; method: TokenMethod } {
  let tokens = 3;
  let method: TokenMethod = tokenizerFor(model);
  for (const message of messages) {
    const counted = countTokens(model, contentText(message));
    tokens += 3 + counted.tokens + countTokens(model, message.role).tokens;
    method = counted.method;
  }
  return { tokens, method };
}
