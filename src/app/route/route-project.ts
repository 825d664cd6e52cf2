/**
 * A route: reads a project's judgments a page at a time (pair-evidence.ts), scores every pair
 * its judge jobs judged (score-pair.ts), leaves out the pairs a human has judged already and
 * those an earlier route sent to humans, picks the budget's pairs and an audit sample
 * (select-route.ts), and stores them as routed pairs (unless a dry run), each with its reason:
 * the score's components. The pairwise queue and the arena then serve them first.
 */
import { randomUUID } from "node:crypto";
import { IssueError } from "../../core/issue.js";
import { createRandom } from "../../core/random/index.js";
import { isLiveRow, LIVE_ID_PREFIX } from "../../store/live-rows.js";
import type { NewRoutedPair, Store } from "../../store/store.js";
import { EvidenceCollector, type EvidenceCounts, pairOf } from "./pair-evidence.js";
import { scorePair } from "./score-pair.js";
import { type RouteSelection, type ScoredPair, selectRoute } from "./select-route.js";

export type RouteStore = Pick<
  Store,
  "getProject" | "listJudgments" | "listRoutedPairs" | "addRoutedPairs" | "getCandidate"
>;

export interface RouteOptions {
  /** Pairs to route: the ones that most need a human. An integer ≥ 1. */
  budget: number;
  /** Pairs drawn at random from the rest as an audit sample. An integer ≥ 0. */
  audit: number;
  /** Seeds the audit sample (and its places in the queue). */
  seed: number;
  /** Score and pick, but store nothing. */
  dryRun?: boolean;
  /** Defaults to `route-<uuid>`. */
  routeId?: string;
}

/** A pair the route picked, as reported. */
export type RoutedItem = Omit<ScoredPair, "key"> & { queueScore: number };

export interface RouteResult {
  project: string;
  routeId: string;
  dryRun: boolean;
  /** The judgments read, and those left out and why. */
  read: EvidenceCounts;
  pairs: {
    /** Pairs with at least one judge game. */
    judged: number;
    /** Of those, left out: a human has judged them. */
    humanJudged: number;
    /** Left out: an earlier route sent them to humans (they are in the queue). */
    alreadyRouted: number;
    /** Left out: a live-arena pair (store/live-rows.ts), which the queue never serves. */
    live: number;
    /** Scored and ranked. */
    considered: number;
  };
  routed: RoutedItem[];
  audit: RoutedItem[];
  /** Routed pairs stored (0 on a dry run). */
  stored: number;
  expected: RouteSelection["expected"];
}

/** Judgments read per page. */
const PAGE = 1000;

/**
 * @throws IssueError `not_found` (project); StoreError from storing; RangeError on a bad budget,
 * audit or seed.
 */
export async function routeProject(
  store: RouteStore,
  projectId: string,
  options: RouteOptions,
): Promise<RouteResult> {
  const random = createRandom(options.seed);
  if (!(await store.getProject(projectId))) {
    throw new IssueError({
      code: "not_found",
      message: `the store has no project "${projectId}"`,
      location: { field: "project" },
    });
  }
  const collector = new EvidenceCollector();
  let after: string | undefined;
  for (;;) {
    const page = await store.listJudgments(projectId, {
      limit: PAGE,
      ...(after === undefined ? {} : { after }),
    });
    for (const j of page) collector.add(j);
    if (page.length < PAGE) break;
    after = page.at(-1)!.id;
  }
  const routedBefore = new Set(
    (await store.listRoutedPairs(projectId)).map((r) => pairOf(r.promptId, r.a, r.b).key),
  );

  const counts = { judged: 0, humanJudged: 0, alreadyRouted: 0, live: 0 };
  const isLive = liveCandidates(store, projectId);
  const scored: ScoredPair[] = [];
  for (const [key, pair] of collector.pairs) {
    if (pair.judges.size === 0) continue;
    counts.judged++;
    if (pair.human.length > 0) counts.humanJudged++;
    else if (routedBefore.has(key)) counts.alreadyRouted++;
    else if ((await isLive(pair.x)) || (await isLive(pair.y))) counts.live++;
    else {
      const { promptId, x, y } = pair;
      scored.push({ ...scorePair(pair.judges), key, promptId, x, y });
    }
  }
  const selection = selectRoute(scored, options.budget, options.audit, random);
  const routeId = options.routeId ?? `route-${randomUUID()}`;
  const item = ({ key: _key, ...pair }: ScoredPair, queueScore: number): RoutedItem => ({
    ...pair,
    queueScore,
  });
  const routed = selection.routed.map((p) => item(p, p.estimate));
  const audit = selection.audit.map((p) => item(p, p.queueScore));
  const stored = options.dryRun
    ? 0
    : await store.addRoutedPairs(projectId, routeId, [
        ...routed.map((p, i) => toStored(p, { rank: i + 1, considered: scored.length })),
        ...audit.map((p) => toStored(p, { audit: true, considered: scored.length })),
      ]);
  return {
    project: projectId,
    routeId,
    dryRun: options.dryRun === true,
    read: collector.counts,
    pairs: { ...counts, considered: scored.length },
    routed,
    audit,
    stored,
    expected: selection.expected,
  };
}

/**
 * A picked pair as stored: its queue score, and the score's components as the reason, with the
 * number of pairs the route considered (route-report.ts weighs its random baseline by it).
 */
function toStored(
  p: RoutedItem,
  place: ({ rank: number } | { audit: true }) & { considered: number },
): NewRoutedPair {
  const { promptId, x, y, queueScore, ...components } = p;
  return {
    promptId,
    a: x,
    b: y,
    score: queueScore,
    reason: { x, y, ...components, ...place },
    audit: "audit" in place,
  };
}

/**
 * Whether a candidate is the live arena's: only ids with the live prefix are looked up (one
 * query each, remembered), so a project without live rows costs nothing.
 */
function liveCandidates(store: RouteStore, projectId: string) {
  const known = new Map<string, boolean>();
  return async (id: string): Promise<boolean> => {
    if (!id.startsWith(LIVE_ID_PREFIX)) return false;
    let live = known.get(id);
    if (live === undefined) {
      const candidate = await store.getCandidate(projectId, id);
      live = candidate !== undefined && isLiveRow(candidate);
      known.set(id, live);
    }
    return live;
  };
}
