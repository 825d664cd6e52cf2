/**
 * The live arena over HTTP, against a fake OpenAI-compatible server: events in order, both
 * answers stored as candidates with their generation records, the vote and its reveal,
 * several turns, a failing system replaced or the pair dropped, limits, settings, and no
 * identity leak before the vote.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_LIVE_TEXT, MAX_LIVE_TURNS } from "../../src/api/live.js";
import { CandidateHandles } from "../../src/server/candidate-handles.js";
import { bearer, json, type Loose } from "./helpers.js";
import {
  type Event,
  eventsOf,
  type LiveFixture,
  liveSetup,
  MODELS,
  SYSTEM_IDS,
  textsOf,
} from "./live-fixture.js";

let f: LiveFixture;
beforeAll(async () => {
  f = await liveSetup({ timeoutMs: 1500 });
});
afterAll(async () => {
  await f?.close();
});

const names = (events: readonly Event[]) => events.map((e) => e.event);

async function start(token: string, body: unknown = { prompt: "What is a monad, briefly?" }) {
  const r = await f.post("/api/projects/live/live", body, token);
  return { response: r, events: r.statusCode === 200 ? eventsOf(r.body) : [] };
}

async function vote(token: string, prompt: string, handles: Loose, outcome = "a") {
  return f.post(
    "/api/projects/live/judgments",
    { kind: "pairwise", prompt, a: handles.a, b: handles.b, outcome },
    token,
  );
}

describe("a live conversation", () => {
  it("streams the prompt, both answers and the stored turn, in that order", async () => {
    const { token } = await f.annotator();
    const { response, events } = await start(token);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(events[0]?.event).toBe("prompt");
    expect(events[0]?.data.messages).toEqual([
      { role: "user", content: "What is a monad, briefly?" },
    ]);
    expect(events.at(-1)?.event).toBe("turn");
    const sequence = names(events);
    // Both sides streamed in several chunks, each finished before the turn was announced.
    for (const side of ["a", "b"]) {
      const deltas = events.filter((e) => e.event === "delta" && e.data.side === side);
      expect(deltas.length).toBeGreaterThan(1);
      const done = events.findIndex((e) => e.event === "done" && e.data.side === side);
      expect(done).toBeGreaterThan(events.lastIndexOf(deltas.at(-1)!));
      expect(done).toBeLessThan(sequence.length - 1);
    }
    expect(sequence.filter((n) => n === "restart" || n === "dropped")).toEqual([]);
    const turn = events.at(-1)!.data;
    expect(turn.turn).toBe(1);
    expect(turn.prompt).toBe(events[0]!.data.prompt);
    expect(turn.candidates.a).toMatch(/^h_/);
    expect(turn.candidates.b).toMatch(/^h_/);
  });

  it("stores both answers as candidates with their generation records; the vote reveals them", async () => {
    const { token } = await f.annotator();
    const { events } = await start(token);
    const { prompt, candidates } = events.at(-1)!.data;
    const stored = await f.store.listCandidates("live", prompt);
    expect(stored).toHaveLength(2);
    for (const c of stored) {
      const g = (c.metadata as Loose).generation;
      expect(SYSTEM_IDS).toContain(g.system);
      expect(g.model).toBe(MODELS[SYSTEM_IDS.indexOf(g.system)]);
      expect(g).toMatchObject({ sample: 0, finishReason: "stop", params: { temperature: 0.7 } });
      expect(g.requestKey).toMatch(/^[0-9a-f]{64}$/);
      expect(g.inputTokens).toBeGreaterThan(0);
      expect(g.outputTokens).toBeGreaterThan(0);
      expect(g.cost).toBeCloseTo((g.inputTokens * 1 + g.outputTokens * 2) / 1e6, 12);
      expect(c.systemId).toBe(g.system);
    }
    expect(new Set(stored.map((c) => c.systemId)).size).toBe(2);

    const voted = await vote(token, prompt, candidates, "b");
    expect(voted.statusCode).toBe(201);
    const reveal = json(voted).reveal;
    expect(reveal.a).not.toBe(reveal.b);
    // Each side's streamed text is what its revealed system's candidate holds.
    const texts = textsOf(events);
    const bySystem = new Map(stored.map((c) => [c.systemId as string, c.messages]));
    expect(bySystem.get(reveal.a)).toEqual([{ role: "assistant", content: texts.a }]);
    expect(bySystem.get(reveal.b)).toEqual([{ role: "assistant", content: texts.b }]);
    // The fake answered each model in its own words.
    expect(texts.a).toContain(MODELS[SYSTEM_IDS.indexOf(reveal.a)]);

    // After the vote the conversation is over.
    const more = await f.post(
      `/api/projects/live/live/${prompt}/turns`,
      { message: "More?" },
      token,
    );
    expect(more.statusCode).toBe(409);
    expect(json(more).error).toMatchObject({ code: "already_judged", field: "prompt" });
  });

  it("goes on with the same pair: the second turn's candidates hold the whole conversation", async () => {
    const { token } = await f.annotator();
    const first = (await start(token)).events.at(-1)!.data;
    const r = await f.post(
      `/api/projects/live/live/${first.prompt}/turns`,
      { message: "And in Haskell?" },
      token,
    );
    expect(r.statusCode).toBe(200);
    const events = eventsOf(r.body);
    expect(events[0]?.event).toBe("prompt");
    const second = events.at(-1)!.data;
    expect(events.at(-1)!.event).toBe("turn");
    expect(second.turn).toBe(2);
    expect(second.candidates.a).not.toBe(first.candidates.a);

    const stored = await f.store.listCandidates("live", first.prompt);
    expect(stored).toHaveLength(4);
    const turn2 = stored.filter((c) => (c.metadata as Loose).live.turn === 2);
    const turn1 = stored.filter((c) => (c.metadata as Loose).live.turn === 1);
    // The same two systems, each continuing its own first answer.
    expect(new Set(turn2.map((c) => c.systemId))).toEqual(new Set(turn1.map((c) => c.systemId)));
    for (const c of turn2) {
      const own = turn1.find((t) => t.systemId === c.systemId)!;
      expect(c.messages.slice(0, 2)).toEqual([
        ...own.messages,
        { role: "user", content: "And in Haskell?" },
      ]);
      expect(c.messages[2]?.role).toBe("assistant");
    }
    // The model was sent the whole conversation, its own answer included.
    const bodies = f.fake.bodies() as Loose[];
    const sent = bodies.find(
      (b) => b.messages.length === 3 && b.messages[2].content === "And in Haskell?",
    );
    expect(sent?.messages[0]).toEqual({ role: "user", content: "What is a monad, briefly?" });

    // Only the last turn can be voted on.
    const stale = await vote(token, first.prompt, first.candidates);
    expect(stale.statusCode).toBe(409);
    expect(json(stale).error.code).toBe("not_served");
    const ok = await vote(token, first.prompt, second.candidates);
    expect(ok.statusCode).toBe(201);
  });

  it("samples one of the project's prompts the caller has not voted on, until none is left", async () => {
    const { token } = await f.annotator();
    const seen = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const { events } = await start(token, { sample: true });
      const { prompt, candidates } = events.at(-1)!.data;
      expect(["q1", "q2"]).toContain(prompt);
      expect(events[0]!.data.messages[0].content).toMatch(/^Sampled question/);
      expect(seen.has(prompt)).toBe(false);
      seen.add(prompt);
      expect((await vote(token, prompt, candidates)).statusCode).toBe(201);
    }
    const none = await f.post("/api/projects/live/live", { sample: true }, token);
    expect(none.statusCode).toBe(404);
    expect(json(none).error.field).toBe("sample");
  });
});

describe("a live conversation is its annotator's own", () => {
  it("never reaches another annotator's tasks, and no one else can vote on it", async () => {
    const x = await f.annotator();
    const y = await f.annotator();
    const first = (await start(x.token, { prompt: "X's private question" })).events.at(-1)!.data;
    const r = await f.post(
      `/api/projects/live/live/${first.prompt}/turns`,
      { message: "X's second turn" },
      x.token,
    );
    const second = eventsOf(r.body).at(-1)!.data;
    expect(second.turn).toBe(2);
    // A conversation on a sampled prompt too: its answers are live, its prompt is not.
    const sampled = (await start(x.token, { sample: true })).events.at(-1)!.data;
    expect((await f.store.listCandidates("live", sampled.prompt)).length).toBeGreaterThanOrEqual(2);

    // Y's replay arena has nothing of X's (nor of anyone's live conversations): nothing at all.
    for (const token of [y.token, f.tokens.admin]) {
      const next = await f.app.inject({
        url: "/api/projects/live/tasks/next",
        headers: bearer(token),
      });
      expect(next.statusCode, next.body).toBe(204);
      expect(next.body).not.toContain("X's");
    }
    for (const kind of ["ranking", "rating", "binary"]) {
      const next = await f.app.inject({
        url: `/api/projects/live/tasks/next?kind=${kind}&size=2`,
        headers: bearer(f.tokens.admin),
      });
      expect(next.statusCode, `${kind}: ${next.body}`).toBe(204);
    }
    // Y samples only the project's prompts, never the one X wrote.
    for (let i = 0; i < 10; i++) {
      const own = await f.store.sampleUnvotedPrompt("live", y.id);
      expect(["q1", "q2"]).toContain(own?.id);
    }
    // A vote on X's pair, with the handles Y would have been shown: never served to Y.
    const handles = new CandidateHandles(f.store);
    const ids = await f.store.listCandidates("live", first.prompt);
    const turn2 = ids.filter((c) => (c.metadata as Loose).live.turn === 2).map((c) => c.id);
    const theirs = {
      a: await handles.handle("live", y.id, turn2[0]!),
      b: await handles.handle("live", y.id, turn2[1]!),
    };
    const stolen = await vote(y.token, first.prompt, theirs);
    expect(stolen.statusCode).toBe(409);
    expect(json(stolen).error.code).toBe("not_served");
    // Nor can Y go on with X's conversation.
    const more = await f.post(
      `/api/projects/live/live/${first.prompt}/turns`,
      { message: "Y joins" },
      y.token,
    );
    expect(json(more).error.code).toBe("not_served");
    // X still can: the pair was served to X.
    expect((await vote(x.token, first.prompt, second.candidates)).statusCode).toBe(201);
  });
});

describe("a failing system", () => {
  it("is replaced on the first turn: a generic restart, then another system's answer", async () => {
    const { token } = await f.annotator();
    try {
      // The pair is the one with the fewest votes, which earlier tests decide, ties at random:
      // fail each system in turn until the failing one is in the pair drawn.
      let events: Event[] = [];
      let failing = -1;
      for (let i = 0; i < 30 && !names(events).includes("restart"); i++) {
        failing = i % MODELS.length;
        f.fake.setFaults([{ model: MODELS[failing]!, fault: { type: "status", status: 500 } }]);
        events = (await start(token, { prompt: `Failing try ${i}` })).events;
      }
      const restart = events.find((e) => e.event === "restart")!;
      expect(restart.data.message).toBe(
        `Response ${restart.data.side.toUpperCase()} failed; another system is answering it.`,
      );
      expect(events.at(-1)!.event).toBe("turn");
      const { prompt, candidates } = events.at(-1)!.data;
      const stored = await f.store.listCandidates("live", prompt);
      expect(stored.map((c) => c.systemId).sort()).toEqual(
        SYSTEM_IDS.filter((_, i) => i !== failing),
      );
      const reveal = json(await vote(token, prompt, candidates)).reveal;
      // The side that restarted shows the replacement's text, and is revealed as it.
      const side = restart.data.side as "a" | "b";
      const text = textsOf(events)[side];
      expect(stored.find((c) => c.systemId === reveal[side])?.messages).toEqual([
        { role: "assistant", content: text },
      ]);
    } finally {
      f.fake.setFaults([]);
    }
  });

  for (const fault of [
    { type: "status", status: 500 },
    { type: "status", status: 429, retryAfter: 1 },
    { type: "status", status: 401 },
    { type: "malformed" },
    { type: "empty" },
    { type: "hang" },
    { type: "drop", afterChunks: 2 },
  ] as const) {
    it(`drops the pair when no system is left (${JSON.stringify(fault)}): nothing to vote on`, async () => {
      const { token } = await f.annotator();
      // Every system fails: whichever pair is drawn, no replacement can answer.
      f.fake.setFaults([{ fault }]);
      try {
        const { events } = await start(token, { prompt: `All failing ${fault.type}` });
        expect(events.at(-1)!.event).toBe("dropped");
        expect(names(events)).not.toContain("turn");
        const message = events.at(-1)!.data.message as string;
        expect(message).toMatch(/^Response [AB] failed and no other system could answer\./);
        const prompt = events[0]!.data.prompt;
        expect(await f.store.listCandidates("live", prompt)).toEqual([]);
        // The prompt the annotator wrote is stored only with a turn's answers: no orphan.
        expect(await f.store.getPrompt("live", prompt)).toBeUndefined();
        const turn = await f.post(
          `/api/projects/live/live/${prompt}/turns`,
          { message: "?" },
          token,
        );
        expect(json(turn).error.code).toBe("not_served");
      } finally {
        f.fake.setFaults([]);
      }
    });
  }

  it("keeps a truncated (`length`) answer as a turn, marked in its generation record", async () => {
    const { token } = await f.annotator();
    f.fake.setFaults([{ fault: { type: "length" } }]);
    try {
      const { events } = await start(token, { prompt: "Say a lot" });
      expect(events.at(-1)!.event).toBe("turn");
      const stored = await f.store.listCandidates("live", events[0]!.data.prompt);
      expect(stored.map((c) => (c.metadata as Loose).generation.finishReason)).toEqual([
        "length",
        "length",
      ]);
    } finally {
      f.fake.setFaults([]);
    }
  });

  it("drops the pair on a later turn (no other system can take over a conversation); the last turn is withdrawn", async () => {
    const { token } = await f.annotator();
    const first = (await start(token)).events.at(-1)!.data;
    f.fake.setFaults([{ fault: { type: "status", status: 503 } }]);
    try {
      const r = await f.post(
        `/api/projects/live/live/${first.prompt}/turns`,
        { message: "Go on" },
        token,
      );
      const events = eventsOf(r.body);
      expect(names(events)).not.toContain("restart");
      expect(events.at(-1)!.event).toBe("dropped");
      const stale = await vote(token, first.prompt, first.candidates);
      expect(json(stale).error.code).toBe("not_served");
    } finally {
      f.fake.setFaults([]);
    }
  });
});

describe("limits", () => {
  it("refuses a prompt or message too long, a body with both or neither, naming the field", async () => {
    const { token } = await f.annotator();
    const long = "x".repeat(MAX_LIVE_TEXT + 1);
    for (const [body, field] of [
      [{ prompt: long }, "prompt"],
      [{ prompt: "   " }, "prompt"],
      [{ prompt: "hi", sample: true }, "prompt"],
      [{}, "prompt"],
      [{ prompt: "hi", model: "x" }, "model"],
    ] as const) {
      const r = await f.post("/api/projects/live/live", body, token);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(json(r).error.field).toBe(field);
    }
    const first = (await start(token)).events.at(-1)!.data;
    const r = await f.post(
      `/api/projects/live/live/${first.prompt}/turns`,
      { message: long },
      token,
    );
    expect(r.statusCode).toBe(400);
    expect(json(r).error.field).toBe("message");
  });

  it(`stops a conversation after ${MAX_LIVE_TURNS} turns`, async () => {
    const { token } = await f.annotator();
    const first = (await start(token)).events.at(-1)!.data;
    for (let turn = 2; turn <= MAX_LIVE_TURNS; turn++) {
      const r = await f.post(
        `/api/projects/live/live/${first.prompt}/turns`,
        { message: `Turn ${turn}` },
        token,
      );
      expect(eventsOf(r.body).at(-1)!.data.turn).toBe(turn);
    }
    const r = await f.post(
      `/api/projects/live/live/${first.prompt}/turns`,
      { message: "One more" },
      token,
    );
    expect(r.statusCode).toBe(400);
    expect(json(r).error).toMatchObject({ code: "invalid", field: "message" });
  });

  it("limits live calls per annotator (429), not per server", async () => {
    const g = await liveSetup({ live: { rateLimit: { max: 2, timeWindow: 60_000 } } });
    try {
      const one = await g.annotator();
      const two = await g.annotator();
      const go = (token: string) => g.post("/api/projects/live/live", { prompt: "hi" }, token);
      expect((await go(one.token)).statusCode).toBe(200);
      expect((await go(one.token)).statusCode).toBe(200);
      const third = await go(one.token);
      expect(third.statusCode).toBe(429);
      expect(json(third).error.code).toBe("rate_limited");
      expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
      expect((await go(two.token)).statusCode).toBe(200);
    } finally {
      await g.close();
    }
  });

  it("answers only in a live arena", async () => {
    const r = await f.post("/api/projects/p1/live", { prompt: "hi" }, f.tokens.annotator);
    expect(r.statusCode).toBe(400);
    expect(json(r).error.field).toBe("id");
  });
});

describe("settings", () => {
  it("checks live_systems against the server's systems, naming the item", async () => {
    const cases = [
      [{ live_systems: [SYSTEM_IDS[0], "nope"] }, "settings.live_systems.1"],
      [{ live_systems: [SYSTEM_IDS[0]] }, "settings.live_systems"],
      [{ live_systems: [SYSTEM_IDS[0], SYSTEM_IDS[0]] }, "settings.live_systems.1"],
      [{ mode: "queue", live_systems: [SYSTEM_IDS[0], SYSTEM_IDS[1]] }, "settings.live_systems"],
    ] as const;
    for (const [settings, field] of cases) {
      const r = await f.post("/api/projects", { name: "x", settings });
      expect(r.statusCode, JSON.stringify(settings)).toBe(400);
      expect(json(r).error.field).toBe(field);
    }
    const patch = await f.app.inject({
      method: "PATCH",
      url: "/api/projects/p1",
      headers: bearer(f.tokens.admin),
      payload: { settings: { live_systems: ["sys-missing"] } },
    });
    expect(json(patch).error.field).toBe("settings.live_systems.0");
  });

  it("shows admins the live systems; annotators only that the arena is live", async () => {
    const admin = await f.app.inject({
      url: "/api/projects/live",
      headers: bearer(f.tokens.admin),
    });
    expect(json(admin).project).toMatchObject({
      live: true,
      settings: { live_systems: [...SYSTEM_IDS] },
    });
    const { token } = await f.annotator();
    const mine = await f.app.inject({ url: "/api/projects/live", headers: bearer(token) });
    expect(json(mine).project.live).toBe(true);
    expect(json(mine).project.settings.live_systems).toBeUndefined();
    const p1 = await f.app.inject({ url: "/api/projects/p1", headers: bearer(f.tokens.admin) });
    expect(json(p1).project.live).toBe(false);
  });
});

describe("no identity leak before the vote", () => {
  it("nothing an annotator receives names a system, a model, a base URL or the key variable", async () => {
    const { token } = await f.annotator();
    const received: { url: string; headers: Record<string, unknown>; body: string }[] = [];
    const keep = (url: string, r: { headers: Record<string, unknown>; body: string }) =>
      received.push({ url, headers: r.headers, body: r.body });
    for (const url of ["/api/projects", "/api/projects/live"]) {
      keep(url, await f.app.inject({ url, headers: bearer(token) }));
    }
    const streams: { headers: Record<string, unknown> }[] = [];
    for (let i = 0; i < 6; i++) {
      // Some with a failing system, so restart and dropped messages are checked too.
      f.fake.setFaults(
        i % 3 === 2 ? [{ model: MODELS[i % 3]!, fault: { type: "drop", afterChunks: 1 } }] : [],
      );
      const r = await f.post("/api/projects/live/live", { prompt: `Leak probe ${i}` }, token);
      keep("live", r);
      streams.push(r);
      const last = eventsOf(r.body).at(-1)!;
      if (last.event === "turn") {
        const t = await f.post(
          `/api/projects/live/live/${last.data.prompt}/turns`,
          { message: "Continue" },
          token,
        );
        keep("turns", t);
        streams.push(t);
      }
    }
    f.fake.setFaults([]);
    for (const r of received) {
      // The models' own text is theirs to write (the fake's names its model, so that other
      // tests can tell answers apart): everything else the server sent is checked, byte for byte.
      const body = r.body.replace(/^data: \{"side":"[ab]","text":.*\}$/gm, 'data: {"side":"?"}');
      const raw = `${JSON.stringify(r.headers)}\n${body}`;
      for (const secret of f.secrets()) {
        expect(raw, `${r.url} names ${secret}`).not.toContain(secret);
      }
    }
    // The same headers, by name, for every pair; the same values but for date and length.
    const shape = (h: Record<string, unknown>) =>
      Object.keys(h)
        .filter((k) => !/^x-ratelimit-/.test(k))
        .sort()
        .map((k) => (["date", "content-length"].includes(k) ? k : `${k}: ${h[k]}`));
    const first = shape(streams[0]!.headers);
    expect(first).toContain("content-type: text/event-stream; charset=utf-8");
    for (const s of streams) expect(shape(s.headers)).toEqual(first);
  });
});
