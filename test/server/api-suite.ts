/**
 * The HTTP API's behaviour over a real store, run on SQLite (api.test.ts) and PostgreSQL
 * (api.pg.test.ts): every endpoint, the authorisation matrix, bad input, idempotency, and the
 * arena rule that no system id reaches an annotator before their vote is stored. The parts
 * share one fixture and run in order (later parts count what earlier ones stored).
 */
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe } from "vitest";
import { bearer, type Fixture, type StoreTarget, setup } from "./helpers.js";
import { accessTests } from "./suite-access.js";
import { contentTests } from "./suite-content.js";
import { judgmentTests } from "./suite-judgments.js";
import { resultTests } from "./suite-results.js";

export type Who = "none" | "admin" | "annotator" | "outsider" | "viewer";

export interface Api {
  fixture: () => Fixture;
  call: (
    who: Who,
    method: "GET" | "POST" | "DELETE",
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ) => Promise<LightMyRequestResponse>;
  vote: (who: Who, body: object) => Promise<LightMyRequestResponse>;
  /** Judgments stored in a project (p1 by default). */
  judgmentCount: (project?: string) => Promise<number>;
}

export function describeApi(target: StoreTarget, skip?: string): void {
  const title = `HTTP API on ${target.name}${skip ? ` (skipped: ${skip})` : ""}`;
  describe.skipIf(skip !== undefined)(title, () => {
    let f: Fixture | undefined;
    beforeAll(async () => {
      f = await setup(target);
    });
    afterAll(async () => {
      await f?.close();
    });
    const fixture = () => {
      if (!f) throw new Error("the fixture is not set up");
      return f;
    };
    const call: Api["call"] = (who, method, url, payload, headers = {}) =>
      fixture().app.inject({
        method,
        url,
        headers: { ...(who === "none" ? {} : bearer(fixture().tokens[who])), ...headers },
        ...(payload === undefined ? {} : { payload: payload as string }),
      });
    const api: Api = {
      fixture,
      call,
      vote: (who, body) => call(who, "POST", "/api/projects/p1/judgments", body),
      judgmentCount: async (project = "p1") =>
        (await fixture().store.listJudgments(project, { limit: 10_000 })).length,
    };
    accessTests(api);
    contentTests(api);
    judgmentTests(api);
    resultTests(api);
  });
}
