/**
 * writeJudgeOutput into a project, on SQLite and PostgreSQL: prompts and candidates added from
 * the items when the input was files and left as they are when the project has them, judgments
 * stored with their metadata, `complete` twice storing nothing twice, an earlier job's same
 * judgments skipped and different ones counted, a candidate of another system refused.
 */
import { expect, it } from "vitest";
import { ProjectTextsError } from "../../../src/app/judge/project-texts.js";
import type { JudgeSpec } from "../../../src/app/judge/types.js";
import { writeJudgeOutput } from "../../../src/app/judge/write-output.js";
import type { Candidate, CandidateId, PromptId, SystemId } from "../../../src/core/types.js";
import { describeStore } from "../../store/fixture.js";
import {
  answer,
  doneGame,
  judgeMeta,
  pairPayload,
  pairVerdict,
  storeJob,
  withItems,
} from "./fixture.js";
import { scenarioGames, scenarioSpec, X1, X2, Y1, Y2 } from "./scenario.js";

const toProject = (projectId: string): Partial<JudgeSpec> => ({
  output: { kind: "project", projectId },
});

describeStore("writeJudgeOutput into a project", (fx) => {
  it("adds the judged prompts and candidates, then the judgments; complete twice stores nothing twice", async () => {
    const projectId = await fx.project();
    const spec = scenarioSpec(toProject(projectId));
    const jobId = await storeJob(fx.store, spec, scenarioGames());
    const first = await writeJudgeOutput(fx.store, jobId, spec);
    expect(first.output).toEqual({
      kind: "project",
      projectId,
      added: 10,
      skipped: 0,
      conflicting: 0,
      prompts: 2,
      candidates: 4,
    });
    const again = await writeJudgeOutput(fx.store, jobId, spec);
    expect(again.output).toMatchObject({
      added: 0,
      skipped: 10,
      conflicting: 0,
      prompts: 0,
      candidates: 0,
    });
    expect(again.judgments).toBe(first.judgments);
    const stored = await fx.store.listJudgments(projectId);
    expect(stored).toHaveLength(10);
    expect(await fx.store.getPrompt(projectId, "p1")).toEqual({
      id: "p1",
      messages: [{ role: "user", content: "question p1" }],
    });
    expect(await fx.store.getCandidate(projectId, "c2")).toMatchObject({
      systemId: "sys-b",
      messages: [{ role: "assistant", content: "a longer answer" }],
    });
    const jury = stored.find((j) => j.source.kind === "ai" && j.source.model === "jury:majority");
    expect(jury?.metadata?.judge).toMatchObject({ job: jobId, judge: "jury", group: "p1|c1|c2" });
    const copy = stored.find((j) => judgeMeta(j).copy?.index === 2);
    expect(copy).toMatchObject({ kind: "pairwise", a: "c1", b: "c2", outcome: "a" });
    expect(judgeMeta(copy).games[0]!.record.requestKey).toBe("rk-j1/p1|c1|c2/1");
  });

  it("judges the project's own candidates without adding or changing them", async () => {
    const projectId = await fx.project();
    await fx.store.addPrompts(projectId, [
      {
        id: "p1" as PromptId,
        messages: [{ role: "user", content: "question p1" }],
        category: "math",
      },
      { id: "p2" as PromptId, messages: [{ role: "user", content: "question p2" }] },
    ]);
    const candidate = (a: typeof X1, promptId: string): Candidate => ({
      id: a.candidateId as CandidateId,
      promptId: promptId as PromptId,
      systemId: a.systemId as SystemId,
      messages: [{ role: "assistant", content: a.text }],
      metadata: { generation: { model: "m" } },
    });
    await fx.store.addCandidates(projectId, [
      candidate(X1, "p1"),
      candidate(Y1, "p1"),
      candidate(X2, "p2"),
      candidate(Y2, "p2"),
    ]);
    const spec = scenarioSpec(toProject(projectId));
    const summary = await writeJudgeOutput(withItems(fx.store, scenarioGames()), "job-1", spec);
    expect(summary.output).toMatchObject({ added: 10, prompts: 0, candidates: 0 });
    expect((await fx.store.getPrompt(projectId, "p1"))?.category).toBe("math");
    expect((await fx.store.getCandidate(projectId, "c1"))?.metadata).toEqual({
      generation: { model: "m" },
    });
  });

  it("keeps an earlier job's judgments: the same verdicts skipped, different ones counted", async () => {
    const projectId = await fx.project();
    const spec = scenarioSpec(toProject(projectId));
    await writeJudgeOutput(withItems(fx.store, scenarioGames()), "job-1", spec);
    // A later job on the same pairs (its metadata names itself): the same ids, kept as stored.
    const later = await writeJudgeOutput(withItems(fx.store, scenarioGames()), "job-2", spec);
    expect(later.output).toMatchObject({ added: 0, skipped: 10, conflicting: 0 });
    // j2 now prefers y on p1 in game 1: its game-1 judgment says otherwise, and the jury's p1
    // (j1 0.75, j2 0.5) becomes a tie.
    const changed = scenarioGames().map((g) =>
      g.key === "j2/p1|c1|c2/1" ? doneGame(g.payload, pairVerdict(0), { at: g.finishedAt }) : g,
    );
    const third = await writeJudgeOutput(withItems(fx.store, changed), "job-3", spec);
    expect(third.output).toMatchObject({ added: 0, skipped: 8, conflicting: 2 });
    expect(await fx.store.listJudgments(projectId)).toHaveLength(10);
  });

  /** A one-judge, one-order job on (c1, c2) of p1, and a project holding `held`. */
  const refusedWrite = async (held: { prompt?: string; candidate?: Partial<Candidate> }) => {
    const projectId = await fx.project();
    await fx.store.addPrompts(projectId, [
      { id: "p1" as PromptId, messages: [{ role: "user", content: held.prompt ?? "question p1" }] },
      { id: "p9" as PromptId, messages: [{ role: "user", content: "question p9" }] },
    ]);
    await fx.store.addCandidates(projectId, [
      {
        id: "c1" as CandidateId,
        promptId: "p1" as PromptId,
        systemId: "sys-a" as SystemId,
        messages: [{ role: "assistant", content: "short" }],
        ...held.candidate,
      },
    ]);
    const x = answer("c1", "sys-a", "short");
    const y = answer("c2", "sys-b", "long");
    const games = [doneGame(pairPayload("judge-1", "p1", x, y, 1), pairVerdict(1))];
    const spec = scenarioSpec({
      ...toProject(projectId),
      judges: scenarioSpec().judges.slice(0, 1),
      orders: "one",
    });
    const error = await writeJudgeOutput(withItems(fx.store, games), "job-1", spec).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProjectTextsError);
    // Nothing of the refused batch is written: no judgment, no candidate c2 of p1.
    expect(await fx.store.listJudgments(projectId)).toHaveLength(0);
    expect((await fx.store.listCandidates(projectId, "p1")).map((c) => c.id)).not.toContain("c2");
    return (error as Error).message.replace(projectId, "P");
  };

  it("refuses a candidate the project holds as another system's answer, writing nothing", async () => {
    expect(
      await refusedWrite({ candidate: { systemId: "other" as SystemId } }),
    ).toMatchInlineSnapshot(
      `"project P holds other texts under ids the judge saw (judgments would name texts it never saw): candidate c1: the project has it as an answer of system other, the job judged it as system sys-a's"`,
    );
  });

  it("refuses a prompt or a candidate the project holds with other text than the judge saw", async () => {
    expect(await refusedWrite({ prompt: "another question" })).toMatchInlineSnapshot(
      `"project P holds other texts under ids the judge saw (judgments would name texts it never saw): prompt p1: the project's prompt of this id has other text than the one judged"`,
    );
    expect(
      await refusedWrite({
        candidate: { messages: [{ role: "assistant", content: "not what was judged" }] },
      }),
    ).toMatchInlineSnapshot(
      `"project P holds other texts under ids the judge saw (judgments would name texts it never saw): candidate c1: the project's candidate of this id has other text than the answer judged"`,
    );
  });

  it("refuses a candidate id the project holds as another prompt's answer", async () => {
    expect(
      await refusedWrite({ candidate: { id: "c2" as CandidateId, promptId: "p9" as PromptId } }),
    ).toMatchInlineSnapshot(
      `"project P holds other texts under ids the judge saw (judgments would name texts it never saw): candidate c2: the project has it as an answer to another prompt, the job judged it as an answer to prompt p1"`,
    );
  });
});
