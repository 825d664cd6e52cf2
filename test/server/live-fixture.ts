/**
 * The live arena suites' fixture: a fake OpenAI-compatible server (src/llm/fake-openai-server.ts)
 * behind three live systems with distinctive ids, model names, a key variable and a key, so a
 * leak of any of them into what an annotator receives is found by a plain substring search;
 * a server over a real store with those systems; and a reader of server-sent events.
 */
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { liveEvents } from "../../src/api/live.js";
import { type FakeOpenAi, startFakeOpenAi } from "../../src/llm/fake-openai-server.js";
import type { LlmSystem } from "../../src/llm/types.js";
import type { LiveOptions } from "../../src/server/live-systems.js";
import { bearer, type Fixture, type Loose, type StoreTarget, setup } from "./helpers.js";

export const SYSTEM_IDS = ["sys-alpha-qv7", "sys-beta-qv7", "sys-gamma-qv7"] as const;
export const MODELS = ["mdl-one-xq9", "mdl-two-xq9", "mdl-three-xq9"] as const;
export const KEY_VARIABLE = "LIVE_KEY_VAR_ZQ8";
export const SECRET = "sk-live-secret-5f1e9c0d7b";

export interface LiveFixture extends Fixture {
  fake: FakeOpenAi;
  systems: LlmSystem[];
  /** A fresh annotator of the given projects, with their token. */
  annotator(projects?: string[]): Promise<{ id: string; token: string }>;
  post(url: string, payload: unknown, token?: string): Promise<LightMyRequestResponse>;
  /** Everything that must never reach an annotator before the vote. */
  secrets(): string[];
}

export function liveSystems(url: string, timeoutMs = 3000): LlmSystem[] {
  return SYSTEM_IDS.map((id, i) => ({
    id,
    model: MODELS[i]!,
    baseUrl: url,
    apiKeyEnv: KEY_VARIABLE,
    params: { temperature: 0.7 },
    price: { inputPerMillion: 1, outputPerMillion: 2 },
    concurrency: 8,
    timeoutMs,
    stream: true,
  }));
}

/** A server with project "live" (arena, all three systems live, two prompts of its own). */
export async function liveSetup(
  options: { live?: Partial<LiveOptions>; timeoutMs?: number; target?: StoreTarget } = {},
): Promise<LiveFixture> {
  const fake = await startFakeOpenAi({ models: MODELS, apiKey: SECRET, chunks: 4, record: true });
  const systems = liveSystems(fake.url, options.timeoutMs);
  const f = await setup(options.target, {
    live: { systems, env: { [KEY_VARIABLE]: SECRET }, ...options.live },
  });
  const post = (url: string, payload: unknown, token = f.tokens.admin) =>
    f.app.inject({ method: "POST", url, headers: bearer(token), payload: payload as object });
  const created = await post("/api/projects", {
    id: "live",
    name: "Live",
    settings: { live_systems: [...SYSTEM_IDS] },
  });
  expect(created.statusCode).toBe(201);
  await post("/api/projects/live/prompts", [
    { id: "q1", messages: [{ role: "user", content: "Sampled question one?" }] },
    { id: "q2", messages: [{ role: "user", content: "Sampled question two?" }] },
  ]);
  let n = 0;
  return {
    ...f,
    fake,
    systems,
    post,
    async annotator(projects = ["live"]) {
      const r = await post("/api/annotators", { name: `live-${n++}`, role: "annotator", projects });
      const body = JSON.parse(r.body) as Loose;
      return { id: body.annotator.id, token: body.token };
    },
    secrets: () => [...SYSTEM_IDS, ...MODELS, KEY_VARIABLE, SECRET, fake.url, "127.0.0.1:"],
    close: async () => {
      await f.close();
      await fake.close();
    },
  };
}

export interface Event {
  event: string;
  data: Loose;
}

/** The events of a stream's body, each checked against its schema (api/live.ts). */
export function eventsOf(body: string): Event[] {
  return body
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "";
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null") as Loose;
      const schema = liveEvents[event as keyof typeof liveEvents];
      expect(schema, `unknown event "${event}"`).toBeDefined();
      expect(schema.safeParse(data).success, `${event}: ${JSON.stringify(data)}`).toBe(true);
      return { event, data };
    });
}

/** Each side's text, as its deltas told it since its last restart. */
export function textsOf(events: readonly Event[]): { a: string; b: string } {
  const text = { a: "", b: "" };
  for (const e of events) {
    if (e.event === "delta") text[e.data.side as "a" | "b"] += e.data.text;
    if (e.event === "restart") text[e.data.side as "a" | "b"] = "";
  }
  return text;
}
