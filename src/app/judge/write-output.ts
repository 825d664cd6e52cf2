/**
 * A finished judge job's output: its items read in key order a page at a time (job-games.ts),
 * gathered into groups (one judge on one question, group-games.ts), each group combined into
 * judgments (combine.ts) and written with the texts it was made from — into a project
 * (output-project.ts) or a file (output-file.ts). With a jury (spec.jury and several judges) the
 * items are read twice: a first pass takes each judge's say on every question and makes the
 * jury's judgments (jury.ts; weighted juries need every item's verdicts before any weight is
 * known), the second writes each question's jury judgment beside its judges' own.
 *
 * Memory: the open groups (see group-games.ts), one page of items, one key per group, the ids
 * of the prompts and candidates written; with a jury also one ballot (each judge's preference,
 * score or ranks, no texts) and one jury judgment per question until it is written.
 *
 * Safe to run twice: a file is written whole and renamed into place; a project's adds skip what
 * is there (ids are deterministic, judgment-parts.ts). Counts say what was left out and why.
 */
import { IssueError } from "../../core/issue.js";
import type { Judgment } from "../../core/types.js";
import type { JobsStore } from "../../store/port/jobs.js";
import { type CombineContext, type CombinedGroup, combineGroup } from "./combine.js";
import { GroupCollector } from "./group-games.js";
import { type JudgeGameItem, jobGames } from "./job-games.js";
import { castVote, type JuryBallot, type JuryOutcome, juryJudgments } from "./jury.js";
import { fileTarget } from "./output-file.js";
import { type ProjectOutputStore, projectTarget } from "./output-project.js";
import type { OutputEntry, OutputTarget, TargetSummary } from "./output-target.js";
import type { JudgeSpec, JuryMethod } from "./types.js";

export type JudgeOutputStore = Pick<JobsStore, "listItems"> & ProjectOutputStore;

export interface JudgeTally {
  /** The judge's system id, or "jury". */
  judge: string;
  judgments: number;
  failedGames: number;
  /** Judgments that are ties. */
  ties: number;
  /** Questions the judge gave no judgment on (failed games; see combine.ts). */
  dropped: number;
}

export interface JudgeOutputSummary {
  /** Judgments made (every judge's and the jury's, strong arena-hard copies each counted). */
  judgments: number;
  byJudge: JudgeTally[];
  /** Questions (pairs, lists, answers) a judge gave no judgment on, over all judges. */
  droppedPairs: number;
  /** TRL output: tie judgments left out (a tie holds no preference). */
  tiesDropped: number;
  /** Items that were never finished (cancelled): not games, not failures. */
  unfinishedItems: number;
  jury?: {
    method: JuryMethod;
    judgments: number;
    /** Questions no judge gave a verdict on. */
    undecided: number;
    ties: number;
    weights?: Record<string, number>;
  };
  output: TargetSummary;
}

/**
 * A file format that cannot hold the job's judgments (pairwise only; TRL one per pair): an
 * IssueError, so a shell prints its message rather than an internal error.
 */
export class JudgeOutputError extends IssueError {
  constructor(message: string) {
    super({ code: "invalid", message });
    this.name = "JudgeOutputError";
  }
}

/**
 * Writes the judgments of finished job `jobId` to spec.output.
 * @example const summary = await writeJudgeOutput(store, job.id, spec); summary.byJudge[0].ties
 * @throws JudgeOutputError for an arena or TRL file of a pointwise or listwise job; JuryError
 * (jury.ts) for a jury that cannot be formed; the target's errors (TargetError, StoreError);
 * Error naming the item for items that break the job's contract (group-games.ts, combine.ts).
 */
export async function writeJudgeOutput(
  store: JudgeOutputStore,
  jobId: string,
  spec: JudgeSpec,
): Promise<JudgeOutputSummary> {
  const { output } = spec;
  if (
    output.kind === "file" &&
    output.format !== "canonical" &&
    spec.template.mode !== "pairwise"
  ) {
    throw new JudgeOutputError(
      `a ${output.format} file holds pairwise judgments; this job is ${spec.template.mode}: write it as prefkit (canonical) records or into a project`,
    );
  }
  // One preference per pair (output-file.ts): a rule writing a judgment per order cannot give it.
  if (
    output.kind === "file" &&
    output.format === "trl" &&
    spec.orders === "both" &&
    spec.combine !== "mt-bench"
  )
    throw new JudgeOutputError(
      `a TRL file holds one preference per pair; this job combines its orders as ${spec.combine}, a judgment per order: write it as prefkit (canonical) records, an arena log or into a project`,
    );
  const ctx: CombineContext = { jobId, spec };
  const jury =
    spec.jury !== undefined && spec.judges.length > 1 ? await juryPass(store, ctx) : undefined;
  const juryMade = jury?.judgments.size ?? 0;
  const target: OutputTarget =
    output.kind === "project"
      ? projectTarget(store, output.projectId)
      : fileTarget(output.path, output.format, { juryOnly: jury !== undefined });
  const tallies = new Map<string, JudgeTally>(spec.judges.map((j) => [j.id, tally(j.id)]));
  let unfinishedItems = 0;
  const entry = (games: readonly JudgeGameItem[]): OutputEntry => {
    const combined = combineGroup(ctx, games);
    count(tallies, combined);
    const juryJudgment = jury?.judgments.get(combined.group);
    // The jury's judgment goes with the first of its judges' groups to be written.
    if (juryJudgment) jury!.judgments.delete(combined.group);
    const payload = games[0]!.payload;
    return {
      payload,
      judgments: withTurn(
        payload.turn,
        juryJudgment ? [...combined.judgments, juryJudgment] : combined.judgments,
      ),
    };
  };
  let written: TargetSummary;
  try {
    const collector = new GroupCollector(jobId, spec);
    for await (const page of jobGames(store, jobId)) {
      unfinishedItems += page.skipped;
      const entries: OutputEntry[] = [];
      for (const game of page.games) {
        const closed = collector.add(game);
        if (closed) entries.push(entry(closed));
      }
      await target.write(entries);
    }
    await target.write(collector.drain().map(entry));
    written = await target.finish();
  } catch (error) {
    await target.abort();
    throw error;
  }
  const byJudge = [...tallies.values()];
  let judgments = byJudge.reduce((n, t) => n + t.judgments, 0);
  let juryPart: JudgeOutputSummary["jury"];
  if (jury) {
    judgments += juryMade;
    juryPart = {
      method: jury.method,
      judgments: juryMade,
      undecided: jury.undecided,
      ties: jury.ties,
      ...(jury.weights ? { weights: jury.weights } : {}),
    };
    byJudge.push({
      judge: "jury",
      judgments: juryMade,
      failedGames: 0,
      ties: jury.ties,
      dropped: jury.undecided,
    });
  }
  return {
    judgments,
    byJudge,
    droppedPairs: [...tallies.values()].reduce((n, t) => n + t.dropped, 0),
    tiesDropped: written.kind === "file" ? written.tiesDropped : 0,
    unfinishedItems,
    ...(juryPart ? { jury: juryPart } : {}),
    output: written,
  };
}

/**
 * The question's judgments with the turn its input labels are about as `metadata.turn`, where an
 * arena log keeps it: read back as comparisons they land on those labels' items.
 */
const withTurn = (turn: number | undefined, judgments: readonly Judgment[]): readonly Judgment[] =>
  turn === undefined
    ? judgments
    : judgments.map((j) => ({ ...j, metadata: { ...j.metadata, turn } }));

const tally = (judge: string): JudgeTally => ({
  judge,
  judgments: 0,
  failedGames: 0,
  ties: 0,
  dropped: 0,
});

function count(tallies: Map<string, JudgeTally>, c: CombinedGroup): void {
  let t = tallies.get(c.judge);
  if (!t) {
    t = tally(c.judge);
    tallies.set(c.judge, t);
  }
  t.judgments += c.judgments.length;
  t.failedGames += c.failedGames;
  t.ties += c.judgments.filter((j) => j.kind === "pairwise" && j.outcome === "tie").length;
  if (c.dropped) t.dropped++;
}

/** The jury's judgments, from a pass over every item that keeps each judge's say only. */
async function juryPass(
  store: Pick<JobsStore, "listItems">,
  ctx: CombineContext,
): Promise<JuryOutcome> {
  const ballots = new Map<string, JuryBallot>();
  const collector = new GroupCollector(ctx.jobId, ctx.spec);
  for await (const page of jobGames(store, ctx.jobId)) {
    for (const game of page.games) {
      const closed = collector.add(game);
      if (closed) castVote(ballots, combineGroup(ctx, closed));
    }
  }
  for (const games of collector.drain()) castVote(ballots, combineGroup(ctx, games));
  return juryJudgments(ctx, [...ballots.values()]);
}
