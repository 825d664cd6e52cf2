/**
 * The chat client: one call to an OpenAI-compatible chat-completions endpoint (hosted APIs,
 * vLLM, Ollama, llama.cpp's server, gateways) through the official `openai` SDK, streamed or
 * not, checked and turned into a ChatResult or an LlmError. One attempt per call: the SDK's own
 * retries are off (`maxRetries: 0`) because retry.ts owns retries, back-off and Retry-After.
 *
 * The API key is read from the environment given, by the variable the system names, at the
 * moment of each call — never earlier, never stored beyond the SDK's request — and scrubbed from
 * anything a failure keeps. The environment is passed in (the CLI gives `process.env`): only the
 * composition root reads the process's environment.
 *
 * What counts as an answer: at least one choice, none of them without text. A `length` finish is
 * an answer (kept, marked by its finish reason). A stream that ends before every choice has
 * finished was dropped ("connection"); one with no choices at all is "empty". The timeout covers
 * the whole attempt, stream included.
 */
import OpenAI from "openai";
import type { Message } from "../core/types.js";
import { classifyError, LlmError, llmMessages } from "./errors.js";
import { nodeFetch } from "./node-fetch.js";
import { countTokens, estimateChatTokens } from "./tokens.js";
import type { ChatRequest, ChatResult, LlmSystem, TokenUsage } from "./types.js";

export interface CompleteOptions {
  /** Cancels the call; the caller's abort is rethrown as it is (not as an LlmError). */
  signal?: AbortSignal;
  /** Each piece of streamed text as it arrives, by choice index; asking for it streams the call. */
  onDelta?: (choice: number, text: string) => void;
}

/** The port the jobs, the generate use case and the live arena call models through. */
export interface ChatClient {
  /**
   * One attempt at the request.
   * @throws LlmError of the kind the failure is (errors.ts); the caller's abort reason when cancelled.
   */
  complete(request: ChatRequest, options?: CompleteOptions): Promise<ChatResult>;
}

export interface ChatClientOptions {
  /** Where the key's variable is read, at call time. Absent: an empty environment. */
  env?: Readonly<Record<string, string | undefined>>;
  /** A fetch to use instead of node-fetch.ts's (tests, proxies, Node's own `fetch`). */
  fetch?: typeof fetch;
}

type WireContent =
  | string
  | ({ type: "text"; text: string } | { type: "image_url"; image_url: { url: string } })[];

/** Our messages in the wire format (image parts as `image_url: { url }`). */
export function toWireMessages(
  messages: readonly Message[],
): { role: Message["role"]; content: WireContent }[] {
  return messages.map((m) => ({
    role: m.role,
    content:
      typeof m.content === "string"
        ? m.content
        : m.content.map((part) =>
            part.type === "text"
              ? { type: "text" as const, text: part.text }
              : { type: "image_url" as const, image_url: { url: part.url } },
          ),
  }));
}

interface WireChoice {
  index?: unknown;
  message?: { content?: unknown };
  delta?: { content?: unknown };
  finish_reason?: unknown;
}
interface WireUsage {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function readUsage(usage: unknown): TokenUsage | undefined {
  if (!isObject(usage)) return undefined;
  const { prompt_tokens: input, completion_tokens: output } = usage as WireUsage;
  if (typeof input !== "number" || typeof output !== "number") return undefined;
  return { inputTokens: input, outputTokens: output };
}

/**
 * A client for one system. Creating it does no I/O and reads no key.
 *
 * @example
 * const client = createChatClient(system, { env: process.env });
 * const result = await client.complete(requestFor(system, messages, { sample: 0 }));
 */
export function createChatClient(system: LlmSystem, options: ChatClientOptions = {}): ChatClient {
  const env = options.env ?? {};
  const keyOf = (): string | undefined =>
    system.apiKeyEnv === undefined ? undefined : env[system.apiKeyEnv] || undefined;
  const sdk = new OpenAI({
    baseURL: system.baseUrl,
    // Read at each request; keyless servers get a placeholder the SDK insists on.
    apiKey: async () => keyOf() ?? "no-key",
    maxRetries: 0,
    // Our own timer (below) covers the whole attempt; the SDK's is a backstop.
    timeout: system.timeoutMs + 1000,
    logLevel: "off",
    // node-fetch.ts: half the CPU per call of Node's built-in fetch.
    fetch: options.fetch ?? nodeFetch,
  });

  function usageOf(request: ChatRequest, texts: string[], reported: TokenUsage | undefined) {
    if (reported !== undefined) return { usage: reported, usageEstimated: false };
    const input = estimateChatTokens(request.model, request.messages).tokens;
    let output = 0;
    for (const text of texts) output += countTokens(request.model, text).tokens;
    return { usage: { inputTokens: input, outputTokens: output }, usageEstimated: true };
  }

  function checked(texts: (string | undefined)[], expected: number, finished: boolean[]) {
    if (texts.length === 0) throw new LlmError("empty", llmMessages.empty(system));
    for (let i = 0; i < Math.max(expected, texts.length); i++) {
      if (texts[i] === undefined || texts[i] === "") {
        if (!finished[i] && finished.length > 0)
          throw new LlmError("connection", llmMessages.connection(system, true));
        throw new LlmError("empty", llmMessages.empty(system));
      }
    }
    return texts as string[];
  }

  async function plain(request: ChatRequest, body: object, signal: AbortSignal, start: number) {
    const completion: unknown = await sdk.chat.completions.create(
      body as OpenAI.ChatCompletionCreateParamsNonStreaming,
      { signal },
    );
    if (!isObject(completion) || !Array.isArray(completion.choices)) {
      throw new LlmError("malformed", llmMessages.malformed(system, "an answer"), {
        raw: typeof completion === "string" ? completion.slice(0, 2000) : "",
      });
    }
    const texts: (string | undefined)[] = [];
    const finishReasons: (string | null)[] = [];
    for (const [position, raw] of (completion.choices as unknown[]).entries()) {
      if (!isObject(raw))
        throw new LlmError("malformed", llmMessages.malformed(system, "a choice"));
      const choice = raw as WireChoice;
      const index = typeof choice.index === "number" ? choice.index : position;
      const content = choice.message?.content;
      if (content !== undefined && content !== null && typeof content !== "string")
        throw new LlmError("malformed", llmMessages.malformed(system, "a choice"));
      texts[index] = content ?? "";
      finishReasons[index] = typeof choice.finish_reason === "string" ? choice.finish_reason : null;
    }
    const done = checked(texts, 0, []);
    return {
      texts: done,
      finishReasons: done.map((_, i) => finishReasons[i] ?? null),
      ...usageOf(request, done, readUsage(completion.usage)),
      latencyMs: elapsedMs(start),
    };
  }

  async function streamed(
    request: ChatRequest,
    body: object,
    signal: AbortSignal,
    start: number,
    onDelta: CompleteOptions["onDelta"],
  ) {
    const stream = await sdk.chat.completions.create(
      {
        ...(body as OpenAI.ChatCompletionCreateParamsStreaming),
        stream: true,
        stream_options: { include_usage: true },
      },
      { signal },
    );
    const texts: (string | undefined)[] = [];
    const finishReasons: (string | null)[] = [];
    const finished: boolean[] = [];
    let reported: TokenUsage | undefined;
    for await (const chunk of stream as AsyncIterable<unknown>) {
      if (!isObject(chunk) || !Array.isArray(chunk.choices))
        throw new LlmError("malformed", llmMessages.malformed(system, "a stream chunk"));
      reported = readUsage(chunk.usage) ?? reported;
      for (const raw of chunk.choices as unknown[]) {
        if (!isObject(raw))
          throw new LlmError("malformed", llmMessages.malformed(system, "a stream chunk"));
        const choice = raw as WireChoice;
        const index = typeof choice.index === "number" ? choice.index : 0;
        const content = choice.delta?.content;
        if (texts[index] === undefined) texts[index] = "";
        if (typeof content === "string" && content !== "") {
          texts[index] += content;
          onDelta?.(index, content);
        }
        if (typeof choice.finish_reason === "string") {
          finishReasons[index] = choice.finish_reason;
          finished[index] = true;
        }
      }
    }
    // The SDK ends a stream quietly when it is aborted: find out why it ended.
    if (signal.aborted) throw signal.reason;
    const expected = request.n ?? 1;
    for (let i = 0; i < texts.length; i++)
      if (!finished[i]) throw new LlmError("connection", llmMessages.connection(system, true));
    if (texts.length > 0 && texts.length < expected)
      throw new LlmError("connection", llmMessages.connection(system, true));
    const done = checked(texts, expected, finished);
    return {
      texts: done,
      finishReasons: done.map((_, i) => finishReasons[i] ?? null),
      ...usageOf(request, done, reported),
      latencyMs: elapsedMs(start),
    };
  }

  return {
    async complete(request, callOptions = {}) {
      const secret = keyOf();
      if (system.apiKeyEnv !== undefined && secret === undefined)
        throw new LlmError("auth", llmMessages.missingKey(system));
      const caller = callOptions.signal;
      if (caller?.aborted) throw caller.reason;
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error("timeout"));
      }, system.timeoutMs);
      const onAbort = () => controller.abort(caller?.reason);
      caller?.addEventListener("abort", onAbort, { once: true });
      const body: Record<string, unknown> = {
        model: request.model,
        messages: toWireMessages(request.messages),
        ...request.params,
      };
      if (request.params.stop !== undefined) body.stop = [...request.params.stop];
      if (request.n !== undefined && request.n !== 1) body.n = request.n;
      const start = performance.now();
      try {
        return system.stream || callOptions.onDelta !== undefined
          ? await streamed(request, body, controller.signal, start, callOptions.onDelta)
          : await plain(request, body, controller.signal, start);
      } catch (error) {
        if (caller?.aborted && !timedOut) throw caller.reason;
        throw classifyError(error, system, {
          ...(secret === undefined ? {} : { secret }),
          timedOut,
        });
      } finally {
        clearTimeout(timer);
        caller?.removeEventListener("abort", onAbort);
      }
    },
  };
}

/** Milliseconds since `start`, to a tenth (the clock's noise floor, and no 15-digit fractions in files). */
const elapsedMs = (start: number) => Math.round((performance.now() - start) * 10) / 10;
