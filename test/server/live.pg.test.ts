/**
 * The live arena on PostgreSQL: the served-pair upsert, withdrawal and sampling queries
 * (store/live-pairs.ts) behave as on SQLite — a conversation of two turns, a stale vote
 * refused, the last turn's vote revealed, sampling until nothing is left; and none of it in
 * another annotator's tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, json, postgresAbsent, postgresTarget } from "./helpers.js";
import { eventsOf, type LiveFixture, liveSetup } from "./live-fixture.js";

const absent = await postgresAbsent();

describe.skipIf(absent !== undefined)(
  `live arena on PostgreSQL${absent ? ` (${absent})` : ""}`,
  () => {
    let f: LiveFixture;
    beforeAll(async () => {
      f = await liveSetup({ target: postgresTarget });
    });
    afterAll(async () => {
      await f?.close();
    });

    it("runs two turns, refuses the stale vote, takes the last one, then samples until none is left", async () => {
      const { token } = await f.annotator();
      const first = eventsOf(
        (await f.post("/api/projects/live/live", { sample: true }, token)).body,
      );
      const t1 = first.at(-1)!.data;
      expect(first.at(-1)!.event).toBe("turn");
      const second = eventsOf(
        (await f.post(`/api/projects/live/live/${t1.prompt}/turns`, { message: "More" }, token))
          .body,
      );
      const t2 = second.at(-1)!.data;
      expect(t2.turn).toBe(2);
      const vote = (h: { a: string; b: string }) =>
        f.post(
          "/api/projects/live/judgments",
          { kind: "pairwise", prompt: t1.prompt, a: h.a, b: h.b, outcome: "tie" },
          token,
        );
      // Another annotator's replay arena offers none of it (the live mark, in SQL).
      const stranger = await f.annotator();
      const next = await f.app.inject({
        url: "/api/projects/live/tasks/next",
        headers: bearer(stranger.token),
      });
      expect(next.statusCode, next.body).toBe(204);
      expect(json(await vote(t1.candidates)).error.code).toBe("not_served");
      const ok = await vote(t2.candidates);
      expect(ok.statusCode).toBe(201);
      expect(json(ok).reveal.a).not.toBe(json(ok).reveal.b);
      const other = eventsOf(
        (await f.post("/api/projects/live/live", { sample: true }, token)).body,
      );
      const t3 = other.at(-1)!.data;
      expect(t3.prompt).not.toBe(t1.prompt);
      await f.post(
        "/api/projects/live/judgments",
        {
          kind: "pairwise",
          prompt: t3.prompt,
          a: t3.candidates.a,
          b: t3.candidates.b,
          outcome: "a",
        },
        token,
      );
      const none = await f.post("/api/projects/live/live", { sample: true }, token);
      expect(json(none).error.field).toBe("sample");
    });
  },
);
