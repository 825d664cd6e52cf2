/**
 * A local OpenAI-compatible chat-completions server for tests, benchmarks and users' own tests:
 * deterministic answers, streaming, injectable faults, and counts of what it received. It lives
 * in src (not test/) so that bench/*.mjs can import it from dist/ like any other module.
 *
 * Answers are a function of (model, messages, seed, n, and how many times this same body was
 * answered before — `#k`), so a test can tell a repeated request from a cached answer; a
 * `respond` function may replace that text (the planted judges of fake-judges.ts do). Faults
 * (429 with Retry-After, 5xx, hangs, malformed JSON, empty choices, `length` finishes, slow and
 * dropped streams) are rules matched in order, each for a number of requests, settable at run
 * time. It answers on 127.0.0.1, port 0, with node:http and keep-alive, doing little per request:
 * it sustains thousands of requests a second, so a benchmark measures the client, not the fake.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  /** Answer with this status and an OpenAI-style error body; `retryAfter` in seconds. */
  | { type: "status"; status: number; retryAfter?: number; retryAfterMs?: number }
  /** Never answer (the client's timeout must end it). */
  | { type: "hang" }
  /** A 200 whose body (or a stream chunk) is not JSON. */
  | { type: "malformed" }
  /** A completion with no choices. */
  | { type: "empty" }
  /** The answer cut short, with finish_reason "length". */
  | { type: "length" }
  /** Wait this long between stream chunks (and before a non-streamed answer, per chunk). */
  | { type: "slow"; chunkDelayMs: number }
  /** Cut the connection after this many stream chunks (a non-streamed body: half-way). */
  | { type: "drop"; afterChunks: number };

export interface FaultRule {
  /** Only requests for this model; all when absent. */
  model?: string;
  /** How many matching requests it hits; every one when absent. */
  times?: number;
  fault: Fault;
}

export interface FakeOptions {
  /** Models served; any model when absent. Others get a 404 with code model_not_found. */
  models?: readonly string[];
  /** The bearer key required; none when absent. A wrong key gets a 401. */
  apiKey?: string;
  /** Delay before each answer, in milliseconds. */
  latencyMs?: number;
  /** Delay between stream chunks, in milliseconds. */
  chunkDelayMs?: number;
  /** Filler sentences after the answer's first line (default 3): the answer's length. */
  sentences?: number;
  /** Text chunks per choice in a stream (default 4). */
  chunks?: number;
  /** Send usage in streams when `stream_options.include_usage` asks (default true). */
  streamUsage?: boolean;
  /** Send usage in non-streamed answers (default true). */
  usage?: boolean;
  faults?: readonly FaultRule[];
  /** Keep every request body received (`fake.bodies()`); off by default to keep memory flat. */
  record?: boolean;
  /** The port on 127.0.0.1; 0 (default) lets the system choose a free one. */
  port?: number;
  /**
   * Replaces the answer's text when it returns a string (planted judges: src/llm/fake-judges.ts);
   * undefined keeps the fake's own. Called once per answered request, before faults that cut
   * or break the answer apply; usage is counted on the text sent.
   */
  respond?: FakeRespond;
}

/** What a `respond` function sees of a request: `k` answers of the same body came before it. */
export interface FakeRequest {
  model: string;
  messages: unknown;
  seed?: number;
  k: number;
}

export type FakeRespond = (request: FakeRequest) => string | undefined;

export interface FakeStats {
  /** Chat-completions requests received, whatever became of them. */
  requests: number;
  /** Complete successful answers sent (a `length` finish included). */
  answered: number;
  /** Answers per request body (hashed without `stream` and `stream_options`). */
  answeredByBody: Map<string, number>;
  byModel: Map<string, { requests: number; answered: number }>;
  /** TCP connections accepted (keep-alive keeps this near the client's concurrency). */
  connections: number;
}

export interface FakeOpenAi {
  /** The base URL, ending in /v1. */
  url: string;
  port: number;
  stats(): FakeStats;
  /** Zeroes the counts (and forgets bodies); faults stay. */
  reset(): void;
  setFaults(rules: readonly FaultRule[]): void;
  /** Replaces (or, with undefined, removes) the `respond` function. */
  setRespond(respond: FakeRespond | undefined): void;
  /** The request bodies received, when `record` is on. */
  bodies(): unknown[];
  close(): Promise<void>;
}

interface ChatBody {
  model?: unknown;
  messages?: unknown;
  n?: unknown;
  seed?: unknown;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown };
}

const FILLER = [
  "It weighs the question from both sides before settling.",
  "The short version is that context matters more than rules.",
  "A careful reader would check the assumptions first.",
  "Several sources agree on the main point, though not on details.",
  "Consider a concrete example to make this clearer.",
  "There is a trade-off between speed and accuracy here.",
  "In practice the simplest approach usually wins.",
  "Edge cases deserve a test of their own.",
];

/** The hash the fake counts answers by: the body's canonical JSON without stream settings. */
export function fakeBodyHash(body: Record<string, unknown>): string {
  const { stream: _s, stream_options: _o, ...rest } = body;
  return createHash("sha256").update(canonical(rest)).digest("hex").slice(0, 32);
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
}

/** The text of the last user message of a request's `messages` (parts joined), or "". */
export function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return "";
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown };
    if (m?.role !== "user") continue;
    if (typeof m.content === "string") return m.content;
    if (Array.isArray(m.content))
      return m.content
        .map((p: { text?: unknown }) => (typeof p?.text === "string" ? p.text : ""))
        .join("");
  }
  return "";
}

const tokensOf = (text: string) => Math.ceil(Buffer.byteLength(text) / 4);

/**
 * The text the fake answers with for choice `choice` when the same body was answered `k` times
 * before: `answer from <model> to "<last user text, 40 chars>" #k` (with `/choice` when n > 1,
 * and ` seed s` when a seed was sent), then `sentences` filler sentences chosen by those inputs.
 */
export function fakeAnswer(
  model: string,
  messages: unknown,
  options: { seed?: number; k: number; choice?: number; n?: number; sentences?: number },
): string {
  const choice = options.choice ?? 0;
  const n = options.n ?? 1;
  const head =
    `answer from ${model} to "${lastUserText(messages).slice(0, 40)}" #${options.k}` +
    (n > 1 ? `/${choice}` : "") +
    (options.seed === undefined ? "" : ` seed ${options.seed}`) +
    ".";
  let h = 0;
  for (const c of head) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const parts = [head];
  const count = options.sentences ?? 3;
  for (let s = 0; s < count; s++) parts.push(FILLER[(h + s * 7) % FILLER.length]!);
  return parts.join(" ");
}

function splitChunks(text: string, pieces: number): string[] {
  if (pieces <= 1 || text.length === 0) return [text];
  const words = text.split(/(?<= )/);
  const per = Math.max(1, Math.ceil(words.length / pieces));
  const out: string[] = [];
  for (let i = 0; i < words.length; i += per) out.push(words.slice(i, i + per).join(""));
  return out;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts the fake on 127.0.0.1 (port 0). `POST /v1/chat/completions` (plain and streamed, with
 * `n`, usage and `stream_options.include_usage`) and `GET /v1/models`.
 *
 * @example const fake = await startFakeOpenAi({ models: ["m"] }); … await fake.close();
 */
export async function startFakeOpenAi(options: FakeOptions = {}): Promise<FakeOpenAi> {
  let rules: { rule: FaultRule; left: number }[] = [];
  const setFaults = (list: readonly FaultRule[]) => {
    rules = list.map((rule) => ({ rule, left: rule.times ?? Number.POSITIVE_INFINITY }));
  };
  setFaults(options.faults ?? []);
  let respond = options.respond;
  let stats: FakeStats = fresh();
  let recorded: unknown[] = [];
  const models = options.models === undefined ? undefined : new Set(options.models);
  let created = Math.floor(Date.now() / 1000);
  let sequence = 0;

  function fresh(): FakeStats {
    return {
      requests: 0,
      answered: 0,
      answeredByBody: new Map(),
      byModel: new Map(),
      connections: 0,
    };
  }

  function faultFor(model: string): Fault | undefined {
    for (const entry of rules) {
      if (entry.left <= 0) continue;
      if (entry.rule.model !== undefined && entry.rule.model !== model) continue;
      entry.left -= 1;
      return entry.rule.fault;
    }
    return undefined;
  }

  function sendError(
    res: ServerResponse,
    status: number,
    message: string,
    code: string | null,
    headers: Record<string, string> = {},
  ) {
    const type =
      status === 429
        ? "rate_limit_error"
        : status >= 500
          ? "server_error"
          : "invalid_request_error";
    const body = JSON.stringify({ error: { message, type, param: null, code } });
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  }

  function authorised(req: IncomingMessage, res: ServerResponse): boolean {
    if (options.apiKey === undefined) return true;
    const header = req.headers.authorization ?? "";
    const sent = header.startsWith("Bearer ") ? header.slice(7) : header;
    if (sent === options.apiKey) return true;
    // Like a careless gateway, the fake echoes the key it was sent: the client must scrub it.
    sendError(res, 401, `Incorrect API key provided: ${sent}.`, "invalid_api_key");
    return false;
  }

  function countAnswer(model: string, hash: string) {
    stats.answered += 1;
    stats.answeredByBody.set(hash, (stats.answeredByBody.get(hash) ?? 0) + 1);
    const m = stats.byModel.get(model);
    if (m) m.answered += 1;
  }

  async function chat(req: IncomingMessage, res: ServerResponse, text: string) {
    let body: ChatBody & Record<string, unknown>;
    try {
      body = JSON.parse(text);
    } catch {
      sendError(res, 400, "We could not parse the JSON body of your request.", null);
      return;
    }
    stats.requests += 1;
    if (options.record) recorded.push(body);
    const model = typeof body.model === "string" ? body.model : "";
    const perModel = stats.byModel.get(model);
    if (perModel) perModel.requests += 1;
    else stats.byModel.set(model, { requests: 1, answered: 0 });
    if (!authorised(req, res)) return;
    if (!Array.isArray(body.messages) || model === "") {
      sendError(res, 400, "'messages' and 'model' are required properties", null);
      return;
    }
    if (models !== undefined && !models.has(model)) {
      sendError(
        res,
        404,
        `The model \`${model}\` does not exist or you do not have access to it.`,
        "model_not_found",
      );
      return;
    }
    const fault = faultFor(model);
    const latency = options.latencyMs ?? 0;
    if (latency > 0) await sleep(latency);
    if (fault?.type === "status") {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
      if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
      sendError(res, fault.status, `fake fault ${fault.status}`, null, headers);
      return;
    }
    if (fault?.type === "hang") return; // close() ends it, or the client gives up.

    const hash = fakeBodyHash(body);
    const k = stats.answeredByBody.get(hash) ?? 0;
    const n = typeof body.n === "number" && body.n > 1 ? Math.floor(body.n) : 1;
    const seed = typeof body.seed === "number" ? body.seed : undefined;
    const maxTokens =
      typeof body.max_completion_tokens === "number"
        ? body.max_completion_tokens
        : typeof body.max_tokens === "number"
          ? body.max_tokens
          : undefined;
    const choices: { text: string; finish: string }[] = [];
    if (fault?.type !== "empty") {
      const given = respond?.({
        model,
        messages: body.messages,
        k,
        ...(seed === undefined ? {} : { seed }),
      });
      for (let choice = 0; choice < n; choice++) {
        let answer =
          given ??
          fakeAnswer(model, body.messages, {
            k,
            choice,
            n,
            ...(seed === undefined ? {} : { seed }),
            ...(options.sentences === undefined ? {} : { sentences: options.sentences }),
          });
        let finish = "stop";
        if (fault?.type === "length") {
          answer = answer.slice(0, Math.max(1, Math.floor(answer.length / 2)));
          finish = "length";
        } else if (maxTokens !== undefined && tokensOf(answer) > maxTokens) {
          answer = answer.slice(0, Math.max(1, maxTokens * 4));
          finish = "length";
        }
        choices.push({ text: answer, finish });
      }
    }
    let promptTokens = 3;
    for (const m of body.messages as { content?: unknown }[])
      promptTokens +=
        4 + tokensOf(typeof m?.content === "string" ? m.content : JSON.stringify(m?.content ?? ""));
    const completionTokens = choices.reduce((sum, c) => sum + tokensOf(c.text), 0);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };
    const id = `chatcmpl-fake-${++sequence}`;
    const chunkDelay = fault?.type === "slow" ? fault.chunkDelayMs : (options.chunkDelayMs ?? 0);

    if (body.stream !== true) {
      if (fault?.type === "malformed") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"id": "chatcmpl-broken", "choices": [{"index": 0, "message": ');
        return;
      }
      if (chunkDelay > 0) await sleep(chunkDelay * (options.chunks ?? 4));
      const payload = JSON.stringify({
        id,
        object: "chat.completion",
        created,
        model,
        choices: choices.map((c, index) => ({
          index,
          message: { role: "assistant", content: c.text, refusal: null },
          logprobs: null,
          finish_reason: c.finish,
        })),
        ...(options.usage === false ? {} : { usage }),
      });
      if (fault?.type === "drop") {
        const bytes = Buffer.from(payload);
        res.writeHead(200, { "content-type": "application/json", "content-length": bytes.length });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
        setImmediate(() => res.socket?.destroy());
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(payload);
      countAnswer(model, hash);
      return;
    }

    const events: string[] = [];
    const chunk = (delta: object[], extra: object = {}) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: delta, ...extra })}\n\n`;
    if (fault?.type === "malformed") events.push("data: {this is not json\n\n");
    for (let index = 0; index < choices.length; index++)
      events.push(
        chunk([{ index, delta: { role: "assistant", content: "" }, finish_reason: null }]),
      );
    const pieces = choices.map((c) => splitChunks(c.text, options.chunks ?? 4));
    const longest = Math.max(0, ...pieces.map((p) => p.length));
    for (let j = 0; j < longest; j++)
      for (let index = 0; index < choices.length; index++) {
        const piece = pieces[index]![j];
        if (piece !== undefined)
          events.push(chunk([{ index, delta: { content: piece }, finish_reason: null }]));
      }
    for (let index = 0; index < choices.length; index++)
      events.push(chunk([{ index, delta: {}, finish_reason: choices[index]!.finish }]));
    const wantsUsage = body.stream_options?.include_usage === true && options.streamUsage !== false;
    if (wantsUsage) events.push(chunk([], { usage }));
    events.push("data: [DONE]\n\n");

    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
    });
    const dropAt = fault?.type === "drop" ? fault.afterChunks : Number.POSITIVE_INFINITY;
    // A broken stream is sent whole, but it is no answer.
    const complete = fault?.type !== "malformed";
    if (chunkDelay <= 0 && dropAt >= events.length) {
      res.end(events.join(""));
      if (complete) countAnswer(model, hash);
      return;
    }
    for (let i = 0; i < events.length; i++) {
      if (i >= dropAt) {
        res.socket?.destroy();
        return;
      }
      if (res.destroyed) return;
      res.write(events[i]);
      if (chunkDelay > 0 && i < events.length - 1) await sleep(chunkDelay);
    }
    res.end();
    if (complete) countAnswer(model, hash);
  }

  function models_(req: IncomingMessage, res: ServerResponse) {
    if (!authorised(req, res)) return;
    const data = [...(models ?? [])].map((id) => ({
      id,
      object: "model",
      created,
      owned_by: "fake",
    }));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ object: "list", data }));
  }

  const server = createServer({ keepAlive: true }, (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/v1/models") {
      req.resume();
      models_(req, res);
      return;
    }
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      req.resume();
      sendError(res, 404, `Unknown request URL: ${req.method} ${path}`, "unknown_url");
      return;
    }
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      chat(req, res, Buffer.concat(parts).toString("utf8")).catch(() => {
        if (!res.headersSent) sendError(res, 500, "fake server error", null);
        else res.destroy();
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on("connection", () => {
    stats.connections += 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    stats: () => stats,
    reset: () => {
      stats = fresh();
      recorded = [];
      created = Math.floor(Date.now() / 1000);
    },
    setFaults,
    setRespond: (fn) => {
      respond = fn;
    },
    bodies: () => recorded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
