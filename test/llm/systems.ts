/** A system pointed at a fake server, for the llm tests. */
import type { LlmSystem } from "../../src/llm/types.js";

export function fakeSystem(url: string, overrides: Partial<LlmSystem> = {}): LlmSystem {
  return {
    id: "sys-a",
    model: "fake-model",
    baseUrl: url,
    params: {},
    concurrency: 8,
    timeoutMs: 5000,
    stream: false,
    ...overrides,
  };
}
