/**
 * The bias report of a judge run, per judge, printed after every run (bias-render.ts). Pairwise
 * jobs: one core/judge biasReport per judge over its games — done and failed items, failures
 * counted — with cluster-bootstrap intervals (biasBootstrap, resampling pairs) when the run is
 * small enough for them to be cheap. Each game's answers are measured in characters; families
 * come from the answers' `family` and the judge system's; the human label of a pair is the
 * item's (payload.human) or, for a project output, the mean preference of the human pairwise
 * judgments of the same two candidates stored in the project (read in one pass over the
 * project's judgments). Listwise jobs: how often the judge ranks the first-shown answer first,
 * against the 1/k an unbiased judge would. Pointwise jobs have no order to be biased by: null.
 *
 * Memory: one small record per game (no texts), and one entry per pair a human judged.
 */
import { type BiasIntervals, biasBootstrap } from "../../core/judge/bias-bootstrap.js";
import { type BiasReport, biasReport, type JudgedGame } from "../../core/judge/bias-report.js";
import { type Proportion, wilsonInterval } from "../../core/stats/wilson-interval.js";
import type { Judgment } from "../../core/types.js";
import type { JobsStore } from "../../store/port/jobs.js";
import type { JudgmentsStore } from "../../store/port/judgments.js";
import { type JudgeGameItem, jobGames } from "./job-games.js";
import type { JudgeSpec } from "./types.js";

export interface BiasOptions {
  /** Of every interval; 0.95 by default. */
  confidence?: number;
  /** Bootstrap rounds when cheap enough; 1000 by default. */
  rounds?: number;
  seed?: number;
  /**
   * Games × rounds each judge's bootstrap may cost (2,000,000 by default: about a second; 5,000
   * games × 1,000 rounds took 3 s). Past it the rounds shrink, down to 200; past that the
   * bootstrap is skipped and says why.
   */
  maxBootstrapWork?: number;
}

export interface PairwiseJudgeBias {
  judge: string;
  family?: string;
  report: BiasReport;
  intervals: BiasIntervals | null;
  bootstrap: { rounds: number; seed: number } | { skipped: string };
}

export interface ListwiseJudgeBias {
  judge: string;
  games: number;
  failed: number;
  /** Decided games whose first-shown answer the judge ranked first. */
  firstShownFirst: Proportion;
  /** An unbiased judge's rate: the mean of 1/k over those games. */
  chance: number | null;
}

export type JudgeBiasReports =
  | {
      mode: "pairwise";
      confidence: number;
      lengthUnit: "characters";
      /** Games whose human label came from the items, and from the project's human judgments. */
      humanLabels: { fromItems: number; fromProject: number };
      judges: PairwiseJudgeBias[];
    }
  | { mode: "listwise"; confidence: number; judges: ListwiseJudgeBias[] };

export type BiasStore = Pick<JobsStore, "listItems"> &
  Partial<Pick<JudgmentsStore, "listJudgments">>;

const MIN_ROUNDS = 200;

/**
 * The bias reports of job `jobId`'s judges; null for a pointwise job.
 * @throws RangeError on bad options; the store's errors. Complexity: O(items + project
 * judgments) to read, O(games · rounds) to bootstrap.
 */
export async function judgeBiasReports(
  store: BiasStore,
  jobId: string,
  spec: JudgeSpec,
  options: BiasOptions = {},
): Promise<JudgeBiasReports | null> {
  const confidence = options.confidence ?? 0.95;
  if (spec.template.mode === "pointwise") return null;
  if (spec.template.mode === "listwise") {
    return {
      mode: "listwise",
      confidence,
      judges: await listwiseBias(store, jobId, spec, confidence),
    };
  }
  const byJudge = new Map<string, (JudgedGame & { human?: number; pair: string; x: string })[]>(
    spec.judges.map((j) => [j.id, []]),
  );
  const families = new Map(spec.judges.map((j) => [j.id, j.family]));
  let fromItems = 0;
  for await (const { games } of jobGames(store, jobId)) {
    for (const g of games) {
      if (g.payload.mode !== "pairwise") continue;
      const game = judgedGame(g, families.get(g.payload.judge));
      if (game.human !== undefined) fromItems++;
      const list = byJudge.get(g.payload.judge) ?? [];
      list.push(game);
      byJudge.set(g.payload.judge, list);
    }
  }
  let fromProject = 0;
  if (spec.output.kind === "project" && store.listJudgments) {
    const unlabelled = [...byJudge.values()].flat().filter((g) => g.human === undefined);
    const wanted = new Set(unlabelled.map((g) => g.pair));
    const humans = await humanPreferences(
      store.listJudgments.bind(store),
      spec.output.projectId,
      wanted,
    );
    for (const g of unlabelled) {
      const h = humans.get(g.pair);
      if (h === undefined) continue;
      // Stored for the candidate sorting first; the game's x may be the other.
      g.human = g.pair.startsWith(`${g.x}\0`) ? h : 1 - h;
      fromProject++;
    }
  }
  const judges = [...byJudge].map(([judge, games]) => {
    const family = families.get(judge);
    return {
      judge,
      ...(family === undefined ? {} : { family }),
      ...withIntervals(games, confidence, options),
    };
  });
  return {
    mode: "pairwise",
    confidence,
    lengthUnit: "characters",
    humanLabels: { fromItems, fromProject },
    judges,
  };
}

/** Both candidates of a pair, in sort order: the key of a pair whichever way it was shown. */
const pairKey = (c1: string, c2: string) => (c1 < c2 ? `${c1}\0${c2}` : `${c2}\0${c1}`);

function judgedGame(g: JudgeGameItem, judgeFamily: string | undefined) {
  const { payload, outcome } = g;
  const [x, y] = payload.answers as [(typeof payload.answers)[0], (typeof payload.answers)[0]];
  const verdict = outcome.ok ? outcome.result.verdict : undefined;
  const firstPreference = verdict?.mode === "pairwise" ? verdict.preference : Number.NaN;
  return {
    item: payload.group,
    pair: pairKey(x.candidateId, y.candidateId),
    x: x.candidateId,
    firstPreference,
    order: payload.shown[0] === 1 ? ("yx" as const) : ("xy" as const),
    lengths: [x.text.length, y.text.length] as const,
    ...(x.family !== undefined && y.family !== undefined
      ? { families: [x.family, y.family] as const }
      : {}),
    ...(judgeFamily === undefined ? {} : { judgeFamily }),
    ...(payload.human === undefined ? {} : { human: payload.human }),
  };
}

const HUMAN_PREFERENCE = { a: 1, b: 0, tie: 0.5, both_bad: 0.5 } as const;
const JUDGMENT_PAGE = 1000;

/**
 * The mean human preference for the first-sorting candidate of each wanted pair, from the
 * project's human pairwise judgments (a and b either way round; both_bad counts as a tie).
 */
async function humanPreferences(
  listJudgments: JudgmentsStore["listJudgments"],
  projectId: string,
  wanted: ReadonlySet<string>,
): Promise<Map<string, number>> {
  const sums = new Map<string, { sum: number; n: number }>();
  if (wanted.size === 0) return new Map();
  let after: string | undefined;
  for (;;) {
    const page: Judgment[] = await listJudgments(projectId, {
      limit: JUDGMENT_PAGE,
      ...(after === undefined ? {} : { after }),
    });
    for (const j of page) {
      if (j.kind !== "pairwise" || j.source.kind !== "human") continue;
      const key = pairKey(j.a, j.b);
      if (!wanted.has(key)) continue;
      const forA = HUMAN_PREFERENCE[j.outcome];
      const p = key.startsWith(`${j.a}\0`) ? forA : 1 - forA;
      const s = sums.get(key) ?? { sum: 0, n: 0 };
      s.sum += p;
      s.n++;
      sums.set(key, s);
    }
    if (page.length < JUDGMENT_PAGE) break;
    after = page.at(-1)!.id;
  }
  return new Map([...sums].map(([key, { sum, n }]) => [key, sum / n]));
}

function withIntervals(
  games: readonly JudgedGame[],
  confidence: number,
  options: BiasOptions,
): Pick<PairwiseJudgeBias, "report" | "intervals" | "bootstrap"> {
  const report = biasReport(games, confidence);
  const seed = options.seed ?? 1;
  const maxWork = options.maxBootstrapWork ?? 2_000_000;
  const rounds = Math.min(options.rounds ?? 1000, Math.floor(maxWork / Math.max(games.length, 1)));
  if (games.length === 0) return { report, intervals: null, bootstrap: { skipped: "no games" } };
  if (rounds < Math.min(MIN_ROUNDS, options.rounds ?? 1000)) {
    const skipped = `${games.length} games are too many to resample cheaply; the Wilson intervals count games as independent`;
    return { report, intervals: null, bootstrap: { skipped } };
  }
  return {
    report,
    intervals: biasBootstrap(games, { rounds, seed, confidence }),
    bootstrap: { rounds, seed },
  };
}

async function listwiseBias(
  store: Pick<JobsStore, "listItems">,
  jobId: string,
  spec: JudgeSpec,
  confidence: number,
): Promise<ListwiseJudgeBias[]> {
  const tallies = new Map(
    spec.judges.map((j) => [j.id, { games: 0, failed: 0, first: 0, decided: 0, chance: 0 }]),
  );
  for await (const { games } of jobGames(store, jobId)) {
    for (const g of games) {
      if (g.payload.mode !== "listwise") continue;
      const t = tallies.get(g.payload.judge) ?? {
        games: 0,
        failed: 0,
        first: 0,
        decided: 0,
        chance: 0,
      };
      tallies.set(g.payload.judge, t);
      t.games++;
      const verdict = g.outcome.ok ? g.outcome.result.verdict : undefined;
      if (verdict?.mode !== "listwise") {
        t.failed++;
        continue;
      }
      t.decided++;
      if (verdict.order[0] === 0) t.first++;
      t.chance += 1 / g.payload.answers.length;
    }
  }
  return [...tallies].map(([judge, t]) => ({
    judge,
    games: t.games,
    failed: t.failed,
    firstShownFirst: wilsonInterval(t.first, t.decided, confidence),
    chance: t.decided === 0 ? null : t.chance / t.decided,
  }));
}
