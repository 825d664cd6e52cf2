/**
 * Candidate handles: what annotators see and vote with instead of candidate ids. Ids are
 * chosen by whoever loaded the data ("c-gpt4o") or derived from content and system, so an
 * annotator could read or recompute which system wrote an answer before voting. A handle is an
 * HMAC of the annotator and the id under a secret the database keeps for every server: opaque,
 * stable across requests and servers, resolvable only among the prompt's own candidates — and
 * different for every annotator, so two annotators (or one person with two invites) cannot
 * join what one's revealed vote taught them to what the other is shown.
 */
import { createHmac } from "node:crypto";
import type { Judgment } from "../core/types.js";
import type { NewJudgment, Store } from "../store/store.js";
import { ApiError } from "./errors.js";

const PREFIX = "h_";

export class CandidateHandles {
  private key: Promise<string> | undefined;

  constructor(private readonly store: Store) {}

  /** Makes sure the secret exists: at start, while the database is known to take writes. */
  async ready(): Promise<void> {
    await this.secret();
  }

  /** The secret, read (made on a fresh database) once; a failed read is tried again later. */
  private secret(): Promise<string> {
    this.key ??= this.store.secret("candidate-handles").catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  async handle(projectId: string, annotatorId: string, candidateId: string): Promise<string> {
    const mac = createHmac("sha256", await this.secret()).update(
      JSON.stringify([projectId, annotatorId, candidateId]),
    );
    return PREFIX + mac.digest("base64url").slice(0, 22);
  }

  /**
   * A stored judgment as an annotator may see it: its candidates named by their handles, as
   * the annotator's task showed them (an id may name or encode the system).
   */
  async disguise(projectId: string, annotatorId: string, judgment: Judgment): Promise<Judgment> {
    const h = async <C extends string>(id: C) =>
      (await this.handle(projectId, annotatorId, id)) as C;
    switch (judgment.kind) {
      case "pairwise":
        return { ...judgment, a: await h(judgment.a), b: await h(judgment.b) };
      case "ranking": {
        const order = [];
        for (const tier of judgment.order) order.push(await Promise.all(tier.map(h)));
        return { ...judgment, order };
      }
      case "rating": {
        const scores = [];
        for (const s of judgment.scores) scores.push({ ...s, candidateId: await h(s.candidateId) });
        return { ...judgment, scores };
      }
      case "binary":
        return { ...judgment, candidateId: await h(judgment.candidateId) };
    }
  }

  /**
   * A judgment whose candidates are named by handles, with the handles replaced by ids.
   * @throws ApiError (404) naming the field of a value that is not a handle of the prompt's candidates.
   */
  async resolve(
    projectId: string,
    annotatorId: string,
    judgment: NewJudgment,
    index?: number,
  ): Promise<NewJudgment> {
    const candidates = await this.store.listCandidates(projectId, judgment.promptId);
    if (candidates.length === 0 && !(await this.store.getPrompt(projectId, judgment.promptId))) {
      throw new ApiError("unknown_reference", `prompt: unknown prompt "${judgment.promptId}"`, {
        field: "prompt",
        ...(index === undefined ? {} : { index }),
      });
    }
    const byHandle = new Map<string, string>();
    for (const c of candidates) {
      byHandle.set(await this.handle(projectId, annotatorId, c.id), c.id);
    }
    const id = (handle: string, field: string) => {
      const found = byHandle.get(handle);
      if (found === undefined) {
        throw new ApiError(
          "unknown_reference",
          `${field}: not a candidate handle of prompt "${judgment.promptId}" (annotators vote with the handles their tasks show)`,
          { field, ...(index === undefined ? {} : { index }) },
        );
      }
      return found as Judgment extends { a: infer C } ? C : never;
    };
    switch (judgment.kind) {
      case "pairwise":
        return { ...judgment, a: id(judgment.a, "a"), b: id(judgment.b, "b") };
      case "ranking":
        return {
          ...judgment,
          order: judgment.order.map((tier, t) => tier.map((c, k) => id(c, `order.${t}.${k}`))),
        };
      case "rating":
        return {
          ...judgment,
          scores: judgment.scores.map((s, k) => ({
            ...s,
            candidateId: id(s.candidateId, `scores.${k}.candidate`),
          })),
        };
      case "binary":
        return { ...judgment, candidateId: id(judgment.candidateId, "candidate") };
    }
  }
}
