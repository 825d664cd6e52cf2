import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createChatClient } from "../../src/llm/chat-client.js";
import { LlmError } from "../../src/llm/errors.js";
import { type FakeOpenAi, fakeAnswer, startFakeOpenAi } from "../../src/llm/fake-openai-server.js";
import { requestFor } from "../../src/llm/request-key.js";
import type { ChatRequest } from "../../src/llm/types.js";
import { fakeSystem } from "./systems.js";

const KEY = "sk-test-SECRET-0123456789abcdef";
const env = { FAKE_KEY: KEY };
let fake: FakeOpenAi;

beforeAll(async () => {
  fake = await startFakeOpenAi({ models: ["fake-model", "other"], apiKey: KEY });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.setFaults([]);
});

const messages = [{ role: "user" as const, content: "What is the capital of France?" }];

function setup(stream: boolean, timeoutMs = 5000) {
  const system = fakeSystem(fake.url, { apiKeyEnv: "FAKE_KEY", stream, timeoutMs });
  const client = createChatClient(system, { env });
  const request: ChatRequest = requestFor(system, messages, { sample: 0 });
  return { system, client, request };
}

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LlmError);
    return error as LlmError;
  }
  throw new Error("expected the call to fail");
}

describe.each([false, true])("the chat client (stream: %s)", (stream) => {
  it("returns the fake's deterministic text, usage and finish reason", async () => {
    const { client, request } = setup(stream);
    const result = await client.complete(request);
    expect(result.texts).toEqual([fakeAnswer("fake-model", messages, { k: 0 })]);
    expect(result.texts[0]).toMatch(
      /^answer from fake-model to "What is the capital of France\?" #0\./,
    );
    expect(result.finishReasons).toEqual(["stop"]);
    expect(result.usageEstimated).toBe(false);
    expect(result.usage.outputTokens).toBe(Math.ceil(Buffer.byteLength(result.texts[0]!) / 4));
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(fake.stats().answered).toBe(1);
    // The same body again is a new answer (#1): the fake tells repeats apart.
    const again = await client.complete(request);
    expect(again.texts[0]).toContain("#1.");
  });

  it("asks for n choices in one call and returns each", async () => {
    const { system, client } = setup(stream);
    const result = await client.complete(requestFor(system, messages, { sample: 0, n: 3 }));
    expect(result.texts).toHaveLength(3);
    expect(new Set(result.texts).size).toBe(3);
    expect(result.texts[2]).toContain("#0/2");
    expect(result.finishReasons).toEqual(["stop", "stop", "stop"]);
    expect(fake.stats().requests).toBe(1);
  });

  it("keeps a `length` finish as a result, marked", async () => {
    fake.setFaults([{ fault: { type: "length" } }]);
    const { client, request } = setup(stream);
    const result = await client.complete(request);
    expect(result.finishReasons).toEqual(["length"]);
    expect(result.texts[0]!.length).toBeGreaterThan(0);
  });

  it.each([
    [{ type: "status", status: 429, retryAfter: 2 }, "rate_limited", 2000],
    [{ type: "status", status: 500 }, "server", undefined],
    [{ type: "status", status: 503 }, "server", undefined],
    [{ type: "status", status: 400 }, "bad_request", undefined],
    [{ type: "malformed" }, "malformed", undefined],
    [{ type: "empty" }, "empty", undefined],
    [{ type: "drop", afterChunks: 2 }, "connection", undefined],
  ] as const)("maps the fault %j to %s", async (fault, kind, retryAfterMs) => {
    fake.setFaults([{ times: 1, fault }]);
    const { client, request } = setup(stream);
    const error = await failure(client.complete(request));
    expect(error.kind).toBe(kind);
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.message).toContain(fake.url);
    // The rule hit once: the next call succeeds.
    await expect(client.complete(request)).resolves.toMatchObject({ finishReasons: ["stop"] });
  });

  it("times out a hanging server within the system's timeout", async () => {
    fake.setFaults([{ times: 1, fault: { type: "hang" } }]);
    const { client, request } = setup(stream, 200);
    const start = performance.now();
    const error = await failure(client.complete(request));
    expect(error.kind).toBe("timeout");
    expect(performance.now() - start).toBeLessThan(2000);
    expect(error.message).toMatch(/within 0.2 s: raise timeout_s/);
  });

  it("names the model that is not served, and refuses a wrong key without echoing it", async () => {
    const system = fakeSystem(fake.url, { apiKeyEnv: "FAKE_KEY", stream, model: "nope" });
    const unknown = await failure(
      createChatClient(system, { env }).complete(requestFor(system, messages, { sample: 0 })),
    );
    expect(unknown.kind).toBe("unknown_model");
    expect(unknown.message).toBe(
      `model "nope" is not served at ${fake.url} (404): check \`model\` of system "sys-a"`,
    );
    const wrong = "sk-wrong-key-ABCDEFGHIJKLMNOP";
    const client = createChatClient(system, { env: { FAKE_KEY: wrong } });
    const auth = await failure(client.complete(requestFor(system, messages, { sample: 0 })));
    expect(auth.kind).toBe("auth");
    expect(auth.message).toBe(
      `the server at ${fake.url} refused the key in $FAKE_KEY (401): check the key of system "sys-a"`,
    );
    expect(JSON.stringify({ ...auth, message: auth.message })).not.toContain(wrong);
    expect(String(auth.raw)).toContain("[redacted]");
  });
});

describe("the chat client's 404s", () => {
  it("tells a wrong base URL from a wrong model", async () => {
    const system = fakeSystem(fake.url.replace(/\/v1$/, ""), { apiKeyEnv: "FAKE_KEY" });
    const error = await failure(
      createChatClient(system, { env }).complete(requestFor(system, messages, { sample: 0 })),
    );
    expect(error.kind).toBe("unknown_model");
    expect(error.message).toBe(
      `the server at ${system.baseUrl} answered 404 for system "sys-a": check base_url (OpenAI-compatible servers usually end it in /v1) and \`model\``,
    );
  });
});

describe("the chat client's streaming", () => {
  it("hands each piece to onDelta in order, and the pieces make the text", async () => {
    const { client, request } = setup(false);
    const pieces: [number, string][] = [];
    const result = await client.complete(
      { ...request, n: 2 },
      { onDelta: (c, t) => pieces.push([c, t]) },
    );
    for (const choice of [0, 1])
      expect(
        pieces
          .filter(([c]) => c === choice)
          .map(([, t]) => t)
          .join(""),
      ).toBe(result.texts[choice]);
    expect(pieces.length).toBeGreaterThan(4);
  });

  it("estimates usage when a server sends none", async () => {
    const plain = await startFakeOpenAi({ streamUsage: false, usage: false });
    try {
      for (const stream of [false, true]) {
        const system = fakeSystem(plain.url, { stream });
        const result = await createChatClient(system).complete(
          requestFor(system, messages, { sample: 0 }),
        );
        expect(result.usageEstimated).toBe(true);
        expect(result.usage.outputTokens).toBe(Math.ceil(Buffer.byteLength(result.texts[0]!) / 4));
      }
    } finally {
      await plain.close();
    }
  });

  it("reports a missing key variable before any request", async () => {
    const system = fakeSystem(fake.url, { apiKeyEnv: "NOT_SET_ANYWHERE" });
    const error = await failure(
      createChatClient(system, { env: {} }).complete(requestFor(system, messages, { sample: 0 })),
    );
    expect(error.kind).toBe("auth");
    expect(error.message).toMatch(/^\$NOT_SET_ANYWHERE is not set/);
    expect(fake.stats().requests).toBe(0);
  });

  it("rethrows the caller's abort as it is", async () => {
    fake.setFaults([{ fault: { type: "hang" } }]);
    const { client, request } = setup(true);
    const controller = new AbortController();
    const call = client.complete(request, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop now")), 50);
    await expect(call).rejects.toThrow("stop now");
  });
});
