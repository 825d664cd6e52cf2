/**
 * What a project's judgments say about each pair (a prompt and an unordered pair of its
 * candidates), gathered for routing: every game of every judge job's pairwise judgment, as a
 * preference for x (the pair's candidate sorting first; a game that showed y first is
 * unswapped), and every human pairwise judgment, as a preference for x too.
 *
 * Read from `metadata.judge` (JudgeJudgmentMetadata, app/judge/types.ts), not from the
 * judgment's outcome: the games keep both orders even under a rule that merged them. The same
 * answer written twice — the copies of a strong arena-hard verdict, the two judgments of rule
 * "both" each listing its games, a second job answered from the cache — is one game (one
 * request key per judge). Left out, and counted: AI judgments without a judge job's metadata
 * (imported ones), a jury's judgments (made of its judges' games, which are read already),
 * pointwise and listwise judgments, and metadata that does not read as a judge job's.
 */
import type { Judgment } from "../../core/types.js";

/** A pair's evidence; `judges` maps each judge to its games' preferences for x, in [0, 1]. */
export interface PairEvidence {
  promptId: string;
  /** The pair's candidates, x sorting before y. */
  x: string;
  y: string;
  judges: Map<string, number[]>;
  /** Each human pairwise judgment of the pair: 1 x won, 0 y won, 0.5 a tie or both bad. */
  human: number[];
}

/** What was read, and what was left out and why. */
export interface EvidenceCounts {
  judgments: number;
  /** Pairwise judgments of judge jobs whose games were read. */
  judgeJudgments: number;
  /** Games read (after merging repeats of one answer). */
  games: number;
  humanPairwise: number;
  leftOut: {
    /** AI pairwise judgments with no `metadata.judge` (imported, or written by another tool). */
    aiWithoutJudgeRecord: number;
    /** A jury's judgments: their judges' own games are read instead. */
    jury: number;
    /** Pointwise, listwise, ranking, rating and thumbs judgments. */
    notPairwise: number;
    /** `metadata.judge` that does not read as a judge job's record (named in `problems`). */
    unreadable: number;
    /** Games without a preference (a failed game) or shown as another pair. */
    gamesWithoutPreference: number;
  };
  /** The first few unreadable records, as "judgment <id>: <what>". */
  problems: string[];
}

const MAX_PROBLEMS = 5;

/** The pair key of a prompt's two candidates, and x and y. */
export function pairOf(promptId: string, a: string, b: string) {
  const [x, y] = a < b ? [a, b] : [b, a];
  return { key: JSON.stringify([promptId, x, y]), x, y };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

const isPreference = (v: unknown): v is number => typeof v === "number" && v >= 0 && v <= 1;

/** A human outcome as a preference for `a`. */
const HUMAN_PREFERENCE = { a: 1, b: 0, tie: 0.5, both_bad: 0.5 } as const;

/** Gathers evidence one judgment at a time (a project is read a page at a time). */
export class EvidenceCollector {
  readonly pairs = new Map<string, PairEvidence>();
  readonly counts: EvidenceCounts = {
    judgments: 0,
    judgeJudgments: 0,
    games: 0,
    humanPairwise: 0,
    leftOut: {
      aiWithoutJudgeRecord: 0,
      jury: 0,
      notPairwise: 0,
      unreadable: 0,
      gamesWithoutPreference: 0,
    },
    problems: [],
  };
  /** Answers already read: judge + request key. */
  readonly #seen = new Set<string>();

  add(j: Judgment): void {
    this.counts.judgments++;
    if (j.kind !== "pairwise") {
      if (j.source.kind === "ai") this.counts.leftOut.notPairwise++;
      return;
    }
    if (j.source.kind === "human") {
      this.counts.humanPairwise++;
      const preference = HUMAN_PREFERENCE[j.outcome];
      const pair = this.#pair(j.promptId, j.a, j.b);
      pair.human.push(pair.x === j.a ? preference : 1 - preference);
      return;
    }
    const record = j.metadata?.judge;
    if (record === undefined) {
      this.counts.leftOut.aiWithoutJudgeRecord++;
      return;
    }
    const problem = this.#readGames(j, record);
    if (problem !== undefined) {
      this.counts.leftOut.unreadable++;
      if (this.counts.problems.length < MAX_PROBLEMS) {
        this.counts.problems.push(`judgment ${j.id}: metadata.judge.${problem}`);
      }
    }
  }

  #pair(promptId: string, a: string, b: string): PairEvidence {
    const { key, x, y } = pairOf(promptId, a, b);
    let pair = this.pairs.get(key);
    if (!pair) {
      pair = { promptId, x, y, judges: new Map(), human: [] };
      this.pairs.set(key, pair);
    }
    return pair;
  }

  /** Reads a judge job's games into the pair; what is wrong with the record, if anything. */
  #readGames(j: Judgment & { kind: "pairwise" }, record: unknown): string | undefined {
    if (!isObject(record)) return "(record): expected an object";
    if (typeof record.judge !== "string" || record.judge === "") return "judge: expected a name";
    if (record.judge === "jury" || isObject(record.jury)) {
      this.counts.leftOut.jury++;
      return undefined;
    }
    if (record.mode !== "pairwise") {
      this.counts.leftOut.notPairwise++;
      return undefined;
    }
    if (!Array.isArray(record.games)) return "games: expected a list";
    const judge = record.judge;
    const pair = this.#pair(j.promptId, j.a, j.b);
    let preferences = pair.judges.get(judge);
    for (const [i, game] of record.games.entries()) {
      if (!isObject(game)) return `games.${i}: expected an object`;
      const requestKey = isObject(game.record) ? game.record.requestKey : undefined;
      // Without a request key, a game is known by its pair and number.
      const answer = JSON.stringify([
        judge,
        pair.promptId,
        pair.x,
        pair.y,
        requestKey ?? game.game,
      ]);
      if (this.#seen.has(answer)) continue;
      this.#seen.add(answer);
      const { shown, firstPreference: first } = game;
      const showsPair =
        Array.isArray(shown) &&
        shown.length === 2 &&
        ((shown[0] === pair.x && shown[1] === pair.y) ||
          (shown[0] === pair.y && shown[1] === pair.x));
      if (!isPreference(first) || !showsPair) {
        this.counts.leftOut.gamesWithoutPreference++;
        continue;
      }
      if (!preferences) {
        preferences = [];
        pair.judges.set(judge, preferences);
      }
      preferences.push(shown[0] === pair.x ? first : 1 - first);
      this.counts.games++;
    }
    this.counts.judgeJudgments++;
    return undefined;
  }
}
