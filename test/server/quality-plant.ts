/**
 * The planted project of the quality suites (test/fixtures/reference/quality_planted.py):
 * ten prompts (q0–q4 "math", q5–q9 "code"), one pair of candidates each; three annotators label
 * every pair, and an AI judge judges each pair twice, in order and swapped. Verdict strings
 * read A = the first candidate (`q<i>-x`) better, B = the second (`q<i>-y`).
 */
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { bearer, json, type Loose } from "./helpers.js";

export const PLANTED = JSON.parse(
  readFileSync(new URL("../fixtures/reference/quality_planted.json", import.meta.url), "utf8"),
) as Loose;

export const JUDGE = "judge-m";
/** The annotators' names: the third is markup, which the UI must show as text. */
export const NAMES = { h1: "Ada Lovelace", h2: "Bea", h3: "<b>Cy</b>" } as const;

export type HumanKey = keyof typeof NAMES;

export interface Planted {
  /** The annotators' ids by key, and their tokens. */
  ids: Record<HumanKey, string>;
  tokens: Record<HumanKey, string>;
}

type Send = (
  method: string,
  url: string,
  body?: unknown,
) => Promise<{ status: number; body: Loose }>;

/** A `send` over an in-process app as the admin. */
export const injectAs =
  (app: FastifyInstance, token: string): Send =>
  async (method, url, body) => {
    const r = await app.inject({
      method: method as "GET",
      url,
      headers: bearer(token),
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: r.statusCode, body: r.body ? json(r) : {} };
  };

const must = async (send: Send, method: string, url: string, body?: unknown) => {
  const r = await send(method, url, body);
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

export const outcome = (v: string) => (v === "A" ? "a" : "b");

/**
 * Makes project `id` with the planted prompts (with their categories unless told otherwise),
 * candidates, annotators and judgments.
 */
export async function plant(send: Send, id = "q", categories = true): Promise<Planted> {
  await must(send, "POST", "/api/projects", { id, name: "Quality" });
  const prompts = PLANTED.data.category.map((category: string, i: number) => ({
    id: `q${i}`,
    ...(categories ? { category } : {}),
    messages: [{ role: "user", content: `Question ${i}?` }],
  }));
  await must(send, "POST", `/api/projects/${id}/prompts`, prompts);
  const candidates = prompts.flatMap((p: { id: string }) =>
    ["x", "y"].map((side) => ({
      id: `${p.id}-${side}`,
      prompt: p.id,
      system: `sys-${side}`,
      messages: [{ role: "assistant", content: `Answer ${side} to ${p.id}` }],
    })),
  );
  await must(send, "POST", `/api/projects/${id}/candidates`, candidates);
  const ids = {} as Record<HumanKey, string>;
  const tokens = {} as Record<HumanKey, string>;
  for (const key of Object.keys(NAMES) as HumanKey[]) {
    const made = await must(send, "POST", "/api/annotators", {
      name: NAMES[key],
      role: "annotator",
      projects: [id],
    });
    ids[key] = made.annotator.id;
    tokens[key] = made.token;
  }
  const pairs = (verdicts: string, source: object) =>
    [...verdicts].map((v, i) => ({
      kind: "pairwise",
      prompt: `q${i}`,
      a: `q${i}-x`,
      b: `q${i}-y`,
      outcome: outcome(v),
      source,
    }));
  const judgments = [
    ...pairs(PLANTED.data.h1, { kind: "human", annotator: ids.h1 }),
    ...pairs(PLANTED.data.h2, { kind: "human", annotator: ids.h2 }),
    ...pairs(PLANTED.data.h3, { kind: "human", annotator: ids.h3 }),
    ...pairs(PLANTED.data.judge_in_order, { kind: "ai", model: JUDGE, swapped: false }),
    ...pairs(PLANTED.data.judge_swapped, { kind: "ai", model: JUDGE, swapped: true }),
  ];
  await must(send, "POST", `/api/projects/${id}/judgments`, { judgments });
  return { ids, tokens };
}

/** Checks an interval brackets its point estimate (agreement's `interval` or a judge's `ci`). */
export function expectBracketed(value: number, interval: { lower: number; upper: number }) {
  expect(interval.lower).toBeLessThanOrEqual(value + 1e-12);
  expect(interval.upper).toBeGreaterThanOrEqual(value - 1e-12);
}
