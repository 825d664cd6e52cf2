/**
 * `prefkit judge`'s text on stderr: what the input held and left out, what the plan holds and
 * left out, the dry run's estimate, and the run's summary (the job, the judgments written per
 * judge, the bias report). Each renderer takes the value the JSON summary holds, so both formats
 * say the same.
 */
import type { JudgePlanCounts, JudgingEstimate } from "../../app/judge/index.js";
import type { JudgeInputs } from "../../app/judge/judge-inputs.js";
import type { JudgeOutputSummary } from "../../app/judge/write-output.js";
import {
  allFailed,
  count,
  type JobSummary,
  jobAdviceLines,
  jobStateLines,
  list,
  money,
} from "./job-command.js";

/** Nonzero counts as "n reason", joined; "none" when all are zero. */
function counted(entries: readonly (readonly [number, string])[]): string {
  const parts = entries.filter(([n]) => n > 0).map(([n, what]) => `${count(n)} ${what}`);
  return parts.length === 0 ? "none" : parts.join(", ");
}

/** The input's part of the summary (JSON), without the texts. */
export function inputSummary(inputs: JudgeInputs) {
  return {
    read: inputs.read,
    prompts: inputs.prompts.length,
    candidates: inputs.candidates.length,
    systems: inputs.systems,
    givenPairs: inputs.givenPairs.length,
    given: inputs.given,
    humanLabels: inputs.humanLabels.length,
    humanPairsWithSeveralVotes: inputs.humanPairsWithSeveralVotes,
    left: inputs.left,
  };
}
export type InputSummary = ReturnType<typeof inputSummary>;

export function renderInput(s: InputSummary): string[] {
  const l = s.left;
  const lines = [
    `input: ${count(s.prompts)} prompts, ${count(s.candidates)} candidates of ${s.systems.length} systems; ${count(s.givenPairs)} pairs named by ${count(s.given.judgments)} pairwise judgments (${count(s.given.human)} human), ${count(s.humanLabels)} pairs with a human label`,
    `  left out: ${counted([
      [l.duplicatePrompts, `duplicate prompt ids (${l.conflictingPrompts} with other content)`],
      [l.promptsWithoutUserTurn, "prompts without a user turn"],
      [
        l.duplicateCandidates,
        `duplicate candidate ids (${l.conflictingCandidates} with other content)`,
      ],
      [l.candidatesWithoutPrompt, "candidates whose prompt is missing or left out"],
      [l.candidatesWithoutText, "candidates without text"],
      [l.liveCandidates, "live-arena candidates (private to their conversation)"],
      [l.judgmentsWithoutCandidates, "judgments naming a candidate left out"],
      [l.judgmentsOfOneCandidate, "judgments of a candidate with itself"],
      [l.judgmentsNotPairwise, "judgments that are not pairwise"],
    ])}`,
  ];
  if (s.given.repeats > 0 || s.humanPairsWithSeveralVotes > 0)
    lines.push(
      `  merged: ${counted([
        [s.given.repeats, "judgments of a pair named before (the pair is judged once)"],
        [s.humanPairsWithSeveralVotes, "pairs with several human votes (their mean is the label)"],
        [
          s.given.mixedTurns,
          "pairs whose votes are about different turns (the judgments name no turn)",
        ],
      ])}`,
    );
  return lines;
}

export function renderPlan(c: JudgePlanCounts, judges: number): string[] {
  const lines = [
    `plan: ${count(c.questions)} questions × ${judges} judge${judges === 1 ? "" : "s"} → ${count(c.items)} items`,
    `  not judged: ${counted([
      [c.tooFewCandidates, "prompts with too few candidates"],
      [c.noPairs, "prompts whose selection gives no pair"],
      [c.noBaseline, "prompts without a baseline candidate"],
      [c.noQuestion, "prompts without a question"],
      [c.noReference, "prompts without a reference candidate"],
      [c.extraReferences, "reference candidates beyond a prompt's first (unused)"],
      [c.notSampled, "pairs not drawn by the sample"],
      [c.duplicatePairs, "given pairs named again"],
      [c.unknownCandidates, "given pairs naming an unknown candidate"],
      [c.selfPairs, "given pairs of a candidate with itself"],
      [c.referencePairs, "given pairs holding a reference candidate"],
    ])}`,
  ];
  // Judged, with fewer orders than asked: not under "not judged".
  if (c.permutationsCapped > 0)
    lines.push(
      `  fewer orders: ${count(c.permutationsCapped)} lists shorter than --permutations are judged in as many orders as they hold answers`,
    );
  return lines;
}

export function renderEstimate(
  e: JudgingEstimate & { missingKeys: { system: string; variable: string }[] },
): string[] {
  const lines = [
    `dry run: ${count(e.items)} items; ${count(e.calls)} calls, ${count(e.cachedCalls)} answered by the cache${e.duplicateCalls > 0 ? `, ${count(e.duplicateCalls)} repeat another item's request (asked once)` : ""} → ${count(e.calls - e.cachedCalls - e.duplicateCalls)} to send${e.unrenderable > 0 ? `; ${count(e.unrenderable)} items cannot be rendered (they would fail)` : ""}`,
  ];
  for (const s of e.judges) {
    const bound = s.outputTokensMax === null ? "" : ` (at most ${count(s.outputTokensMax)})`;
    const costBound = s.costMax === null ? "" : ` (at most ${money(s.costMax)})`;
    lines.push(
      `  ${s.system} (${s.model}): ${count(s.calls - s.cachedCalls - s.duplicateCalls)} calls to send · ${count(s.inputTokens)} input tokens [${s.tokenizer}] · ~${count(s.outputTokens)} output tokens${bound} · ${money(s.cost)}${costBound}`,
    );
  }
  const bound = e.costMax === null ? "" : ` (at most ${money(e.costMax)})`;
  // Unpriced judges cost something too: a total without them is a lower bound, and says so.
  const total =
    e.cost !== null && e.unpriced.length > 0
      ? `≥ ${money(e.cost)} (${list(e.unpriced)} ${e.unpriced.length === 1 ? "has" : "have"} no price)`
      : `${money(e.cost)}${bound}`;
  lines.push(
    `total: ~${count(e.inputTokens)} input + ~${count(e.outputTokens)} output tokens · ${total}`,
  );
  lines.push(
    "output tokens expect max_tokens or 512 per verdict, whichever is smaller; parse retries are not foreseen; '[estimate]' inputs are ceil(UTF-8 bytes / 4)",
  );
  if (e.duplicateCalls > 0)
    lines.push(
      "a request repeated by several items (the same judge shown the same text) is sent once and the others take its answer from the cache; copies judged at the same moment may each be sent",
    );
  for (const m of e.missingKeys)
    lines.push(
      `warning: $${m.variable} (judge ${m.system}) is not set: a real run would stop before any call`,
    );
  return lines;
}

/** The output writer's summary: judgments per judge, what was dropped, where they went. */
export function renderOutput(o: JudgeOutputSummary, where: string): string[] {
  const lines = [renderWritten(o, where)];
  // The jury's tally has its own line below, with its method and weights.
  for (const t of o.byJudge.filter((t) => !(o.jury && t.judge === "jury")))
    lines.push(
      `  ${t.judge}: ${count(t.judgments)} judgments (${count(t.ties)} ties), ${count(t.failedGames)} failed games, ${count(t.dropped)} questions without a judgment`,
    );
  if (o.jury)
    lines.push(
      `  jury (${o.jury.method}): ${count(o.jury.judgments)} judgments (${count(o.jury.ties)} ties), ${count(o.jury.undecided)} questions no judge decided${
        o.jury.weights
          ? `; weights ${Object.entries(o.jury.weights)
              .map(([j, w]) => `${j} ${w.toFixed(2)}`)
              .join(", ")}`
          : ""
      }`,
    );
  if (o.output.kind === "file" && o.output.selfBattlesDropped > 0)
    lines.push(
      `  ${count(o.output.selfBattlesDropped)} judgments of two answers of one system left out of the arena log (a system never battles itself)`,
    );
  if (o.output.kind === "file" && o.output.contradictedDropped > 0)
    lines.push(
      `  ${count(o.output.contradictedDropped)} pairs left out of the TRL file: their two orders named opposite answers`,
    );
  if (o.tiesDropped > 0)
    lines.push(
      `  ${count(o.tiesDropped)} tie judgments left out of the TRL file (a tie prefers neither)`,
    );
  if (o.unfinishedItems > 0)
    lines.push(`  ${count(o.unfinishedItems)} items never finished (cancelled)`);
  if (o.output.kind === "project" && o.output.conflicting > 0)
    lines.push(
      `warning: ${count(o.output.conflicting)} judgments not stored: ${where} holds judgments of the same ids (the same judge, setup, template and question) with other verdicts, kept as they are; run with --fresh to store this run's as new judgments`,
    );
  return lines;
}

/**
 * What reached the output: a file's records, or what a project added, already held and held
 * otherwise — judgments an earlier run stored under the same ids with other verdicts are kept
 * as stored, so this run's are not in the project, and the text says so as a warning.
 */
function renderWritten(o: JudgeOutputSummary, where: string): string {
  const out = o.output;
  if (out.kind === "file")
    return `${count(o.judgments)} judgments made; ${count(out.records)} records written to ${where}`;
  return `${count(o.judgments)} judgments made for ${where}: ${count(out.added)} added, ${count(out.skipped)} already stored, ${count(out.conflicting)} conflicting (${count(out.prompts)} prompts and ${count(out.candidates)} candidates added)`;
}

/** The run's summary: the job's state, the output, then what to do next. */
export function renderRun(
  s: JobSummary,
  output: JudgeOutputSummary | undefined,
  bias: readonly string[],
): string {
  const lines = jobStateLines(s);
  if (s.ended === "finished") {
    if (allFailed(s)) lines.push(`no judgments to write (${s.output} holds none)`);
    else if (output) lines.push(...renderOutput(output, s.output));
    else lines.push(`judgments written to ${s.output}`);
  }
  // A stopped run's report covers the games done so far, and says so.
  if (bias.length > 0 && s.ended !== "finished")
    lines.push(`(the bias report below covers the ${count(s.done)} items done so far)`);
  lines.push(...bias);
  lines.push(...jobAdviceLines(s));
  return `${lines.join("\n")}\n`;
}
