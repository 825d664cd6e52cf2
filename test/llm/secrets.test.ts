/**
 * A key set in the environment never reaches an error: not its message, not its JSON, not its
 * `raw` server text — whatever the fault, streamed or not, and even when the server echoes it.
 */

import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatClient } from "../../src/llm/chat-client.js";
import { type FakeOpenAi, type Fault, startFakeOpenAi } from "../../src/llm/fake-openai-server.js";
import { requestFor } from "../../src/llm/request-key.js";
import { withRetries } from "../../src/llm/retry.js";
import { fakeSystem } from "./systems.js";

const SERVER_KEY = "sk-server-accepts-only-this-key-000000";
let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi({ models: ["fake-model"], apiKey: SERVER_KEY });
});
afterAll(() => fake.close());

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({
    type: fc.constant("status" as const),
    status: fc.constantFrom(400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503),
  }),
  fc.constantFrom<Fault>(
    { type: "malformed" },
    { type: "empty" },
    { type: "hang" },
    { type: "drop", afterChunks: 1 },
    { type: "drop", afterChunks: 3 },
  ),
);
const key = fc
  .tuple(
    fc.constantFrom("sk-", "sk-proj-", "", "gsk_", "key-"),
    fc.stringMatching(/^[A-Za-z0-9]{12,40}$/),
  )
  .map(([prefix, body]) => `${prefix}${body}`);

describe("API keys in errors", () => {
  it("never appear in any error's message, JSON or inspection, across faults", async () => {
    await fc.assert(
      fc.asyncProperty(
        key,
        fault,
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom("fake-model", "unknown-model"),
        async (secret, f, stream, rightKey, model) => {
          fake.setFaults([{ fault: f }]);
          const system = fakeSystem(fake.url, {
            apiKeyEnv: "THE_KEY",
            stream,
            timeoutMs: 100,
            model,
          });
          const client = createChatClient(system, {
            env: { THE_KEY: rightKey ? SERVER_KEY : secret },
          });
          const thrown = await withRetries(
            () =>
              client.complete(requestFor(system, [{ role: "user", content: "hi" }], { sample: 0 })),
            {
              maxAttempts: 2,
              sleep: async () => {},
            },
          ).then(
            () => undefined,
            (error: unknown) => error,
          );
          const sent = rightKey ? SERVER_KEY : secret;
          if (thrown === undefined) return;
          const error = thrown as Error & Record<string, unknown>;
          for (const text of [
            error.message,
            JSON.stringify(error),
            inspect(error, { depth: 5 }),
            String(error.raw ?? ""),
          ])
            expect(text).not.toContain(sent);
        },
      ),
      { numRuns: 60 },
    );
  });
});
