/**
 * What routing bought, once humans have voted (`prefkit route --report`). For the routed pairs
 * and the audit pairs (drawn at random from the rest) separately: how many have a human label,
 * and how often the human disagreed with the AI label — the side of the judges' pooled
 * preference p when the pair was routed (its reason). That rate is the number of AI labels a
 * human vote corrects per pair. Each rate comes with its Wilson interval.
 *
 * The audit rate is not what random selection would get: audit pairs come from the pairs not
 * routed, which leaves out the hardest ones. Random selection of the same number draws from all
 * N pairs a route considered, so the baseline is the stratified estimate over them: the B routed
 * pairs (their rate) and the N − B others (the audit rate, a random sample of them),
 * (B·routed + (N − B)·audit)/N per route, routes weighted by their N (core/stats
 * stratifiedRate, with a normal interval from the strata's variances). The gain is routed against
 * that baseline. A route stored without N (before the reason recorded `considered`) is left out
 * of the baseline and counted.
 *
 * A pair's human label is the side of the mean of its human judgments (a = 1, b = 0, a tie or
 * both bad 0.5); humans who split evenly give no label (counted as `humanTies`, not in the rate).
 * An AI label of "none" (p exactly one half) is a coin toss: it counts as half a disagreement.
 */
import { IssueError } from "../../core/issue.js";
import { type StratifiedRate, stratifiedRate } from "../../core/stats/stratified-rate.js";
import { type Proportion, wilsonInterval } from "../../core/stats/wilson-interval.js";
import type { RoutedPair, Store } from "../../store/store.js";
import { pairOf } from "./pair-evidence.js";

export type ReportStore = Pick<Store, "getProject" | "listJudgments" | "listRoutedPairs">;

export interface GroupReport {
  pairs: number;
  /** Pairs with at least one human pairwise judgment. */
  humanJudged: number;
  /** Pairs whose humans name a side. */
  labelled: number;
  /** Pairs whose humans split evenly (judged, but no side). */
  humanTies: number;
  /** Of the labelled pairs, those where the human label is not the AI label (a coin-toss AI label: ½). */
  disagreements: number;
  /** disagreements / labelled, with its Wilson interval: AI labels corrected per human-labelled pair. */
  rate: Proportion;
  /** The mean estimate of the labelled pairs: the rate the route expected. */
  expected: number | null;
}

export interface RouteReport {
  project: string;
  /** The routes reported on, oldest first. */
  routes: string[];
  confidence: number;
  routed: GroupReport;
  audit: GroupReport;
  /**
   * Random selection's disagreement rate over every pair the routes considered: stratified from
   * the routed and audit rates (see the header); null until both have labelled pairs.
   */
  baseline: StratifiedRate & {
    /** Pairs the routes considered (Σ N), of the routes that say. */
    considered: number;
    /** Routes left out of the baseline: their pairs do not say how many pairs were considered. */
    routesLeftOut: number;
  };
  /**
   * Corrections per routed pair against the random baseline: their difference and ratio; null
   * until both are known (the ratio also while the baseline is 0).
   */
  gain: { difference: number | null; ratio: number | null };
  /** Routed pairs whose reason does not say the AI label (not made by `prefkit route`). */
  unreadable: number;
}

const PAGE = 1000;

/**
 * @throws IssueError `not_found` (project, or a route it does not have).
 */
export async function routeReport(
  store: ReportStore,
  projectId: string,
  options: { routeId?: string; confidence?: number } = {},
): Promise<RouteReport> {
  const confidence = options.confidence ?? 0.95;
  if (!(await store.getProject(projectId))) {
    throw new IssueError({
      code: "not_found",
      message: `the store has no project "${projectId}"`,
      location: { field: "project" },
    });
  }
  let pairs = await store.listRoutedPairs(projectId);
  if (options.routeId !== undefined) {
    pairs = pairs.filter((p) => p.routeId === options.routeId);
    if (pairs.length === 0) {
      throw new IssueError({
        code: "not_found",
        message: `project "${projectId}" has no route "${options.routeId}"`,
        location: { field: "route" },
      });
    }
  }
  const human = await humanPreferences(store, projectId, new Set(pairs.map(keyOf)));
  const routed = new Tally();
  const audit = new Tally();
  const byRoute = new Map<string, RouteTally>();
  let unreadable = 0;
  for (const pair of pairs) {
    const reason = readReason(pair);
    if (!reason) {
      unreadable++;
      continue;
    }
    const votes = human.get(keyOf(pair)) ?? [];
    (pair.audit ? audit : routed).add(reason, votes);
    let route = byRoute.get(pair.routeId);
    if (!route) {
      route = { routed: new Tally(), audit: new Tally(), considered: undefined };
      byRoute.set(pair.routeId, route);
    }
    (pair.audit ? route.audit : route.routed).add(reason, votes);
    if (reason.considered !== undefined) route.considered = reason.considered;
  }
  const routedReport = routed.report(confidence);
  const baseline = randomBaseline([...byRoute.values()], confidence);
  const r = routedReport.rate.rate;
  const b = baseline.rate;
  return {
    project: projectId,
    routes: [...new Set(pairs.map((p) => p.routeId))],
    confidence,
    routed: routedReport,
    audit: audit.report(confidence),
    baseline,
    gain: {
      difference: r === null || b === null ? null : r - b,
      ratio: r === null || b === null || b === 0 ? null : r / b,
    },
    unreadable,
  };
}

interface RouteTally {
  routed: Tally;
  audit: Tally;
  /** N: the pairs the route considered, from its reasons. */
  considered: number | undefined;
}

/**
 * Random selection's rate over the routes' considered pairs: per route a stratum of its B routed
 * pairs and one of its N − B others (sampled by the audit), each weighted by its size.
 */
function randomBaseline(
  routes: readonly RouteTally[],
  confidence: number,
): RouteReport["baseline"] {
  let considered = 0;
  let routesLeftOut = 0;
  const strata = routes.flatMap(({ routed, audit, considered: n }) => {
    if (n === undefined || n < routed.pairs) {
      routesLeftOut++;
      return [];
    }
    considered += n;
    return [
      { weight: routed.pairs, successes: routed.disagreements, trials: routed.labelled },
      { weight: n - routed.pairs, successes: audit.disagreements, trials: audit.labelled },
    ];
  });
  return { ...stratifiedRate(strata, confidence), considered, routesLeftOut };
}

const keyOf = (p: RoutedPair) => pairOf(p.promptId, p.a, p.b).key;

/** What the report needs of a routed pair's reason: x, and p and the estimate at routing. */
interface Reason {
  x: string;
  p: number;
  estimate: number;
}

function readReason(
  pair: RoutedPair,
): (Reason & { flip: boolean; considered?: number }) | undefined {
  const { x, p, estimate, considered } = pair.reason;
  if (typeof x !== "string" || typeof p !== "number" || typeof estimate !== "number") return;
  const ours = pairOf(pair.promptId, pair.a, pair.b).x;
  if (x !== pair.a && x !== pair.b) return;
  // Human preferences are gathered for pairOf's x; the reason's p may be for the other side.
  const n = Number.isSafeInteger(considered) ? { considered: considered as number } : {};
  return { x, p, estimate, flip: x !== ours, ...n };
}

/** Each routed pair's human judgments as preferences for pairOf's x. */
async function humanPreferences(
  store: ReportStore,
  projectId: string,
  keys: ReadonlySet<string>,
): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  let after: string | undefined;
  for (;;) {
    const page = await store.listJudgments(projectId, {
      limit: PAGE,
      ...(after === undefined ? {} : { after }),
    });
    for (const j of page) {
      if (j.kind !== "pairwise" || j.source.kind !== "human") continue;
      const { key, x } = pairOf(j.promptId, j.a, j.b);
      if (!keys.has(key)) continue;
      const forA = j.outcome === "a" ? 1 : j.outcome === "b" ? 0 : 0.5;
      const list = found.get(key) ?? [];
      list.push(j.a === x ? forA : 1 - forA);
      found.set(key, list);
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.id;
  }
  return found;
}

class Tally {
  pairs = 0;
  humanJudged = 0;
  labelled = 0;
  humanTies = 0;
  disagreements = 0;
  estimates = 0;

  add(reason: Reason & { flip: boolean }, human: readonly number[]): void {
    this.pairs++;
    if (human.length === 0) return;
    this.humanJudged++;
    const mean = human.reduce((s, v) => s + v, 0) / human.length;
    const humanForX = reason.flip ? 1 - mean : mean;
    if (humanForX === 0.5) {
      this.humanTies++;
      return;
    }
    this.labelled++;
    this.estimates += reason.estimate;
    if (reason.p === 0.5) this.disagreements += 0.5;
    else if (humanForX > 0.5 !== reason.p > 0.5) this.disagreements++;
  }

  report(confidence: number): GroupReport {
    return {
      pairs: this.pairs,
      humanJudged: this.humanJudged,
      labelled: this.labelled,
      humanTies: this.humanTies,
      disagreements: this.disagreements,
      rate: wilsonInterval(this.disagreements, this.labelled, confidence),
      expected: this.labelled === 0 ? null : this.estimates / this.labelled,
    };
  }
}
