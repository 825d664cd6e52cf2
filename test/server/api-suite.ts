/**
 * The HTTP API's behaviour over a real store, run on SQLite (api.test.ts) and PostgreSQL
 * (api.pg.test.ts): every endpoint, the authorisation matrix, bad input, idempotency, and the
 * arena rule that no system id reaches an annotator before their vote is stored. The parts
 * share one fixture and run in order (later parts count what earlier ones stored).
 */
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe } from "vitest";
import { CandidateHandles } from "../../src/server/candidate-handles.js";
import type { Store } from "../../src/store/store.js";
import { bearer, type Fixture, type StoreTarget, setup } from "./helpers.js";
import { accessTests } from "./suite-access.js";
import { annotatorAdminTests } from "./suite-annotators.js";
import { contentTests } from "./suite-content.js";
import { exportTests } from "./suite-export.js";
import { integrityTests } from "./suite-integrity.js";
import { judgmentTests } from "./suite-judgments.js";
import { leaderboardWorkTests, limitTests } from "./suite-limits.js";
import { resultTests } from "./suite-results.js";
import { settingsTests } from "./suite-settings.js";
import { taskTests } from "./suite-tasks.js";
import { validationTests } from "./suite-validation.js";

export type Who = "none" | "admin" | "annotator" | "outsider" | "viewer";

export interface Api {
  fixture: () => Fixture;
  call: (
    who: Who,
    method: "GET" | "POST" | "PATCH" | "DELETE",
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
      // Annotators vote with the handles their tasks show; tests write candidate ids, so
      // they are turned into handles here (a value that is no candidate id stays as it is).
      vote: async (who, body) =>
        call(
          who,
          "POST",
          "/api/projects/p1/judgments",
          who === "admin" || who === "none"
            ? body
            : await withHandles(fixture().store, fixture().ids[who], body),
        ),
      judgmentCount: async (project = "p1") =>
        (await fixture().store.listJudgments(project, { limit: 10_000 })).length,
    };
    accessTests(api);
    contentTests(api);
    judgmentTests(api);
    resultTests(api);
    exportTests(api);
    annotatorAdminTests(api);
    settingsTests(api);
    taskTests(api);
    validationTests(api);
    integrityTests(api);
    limitTests(api);
    leaderboardWorkTests(api);
  });
}

const CANDIDATE_FIELDS = new Set(["a", "b", "candidate"]);

/** A submitted body with every candidate id replaced by the annotator's handle in project p1. */
async function withHandles(store: Store, annotatorId: string, body: object): Promise<object> {
  const handles = new CandidateHandles(store);
  const convert = async (value: unknown, key?: string): Promise<unknown> => {
    if (typeof value === "string" && key !== undefined && CANDIDATE_FIELDS.has(key)) {
      return /^c\d+-\d+$/.test(value) ? handles.handle("p1", annotatorId, value) : value;
    }
    if (Array.isArray(value)) {
      return Promise.all(
        value.map((v) =>
          key === "order" || key === "tier"
            ? convert(v, Array.isArray(v) ? "tier" : "candidate")
            : convert(v),
        ),
      );
    }
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = await convert(v, k);
      return out;
    }
    return value;
  };
  return (await convert(body)) as object;
}
