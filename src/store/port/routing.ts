/**
 * Pairs routed to humans (`prefkit route`, app/route): the pairs of a project where its AI
 * judges are least to be trusted, kept so the pairwise queue and the arena serve them first.
 */

/** A pair to route: a prompt and two of its candidates, with why (as `prefkit route` scored it). */
export interface NewRoutedPair {
  promptId: string;
  /** The two candidates, in either order: the store keeps a pair once, however named. */
  a: string;
  b: string;
  /** Higher first in the queue; finite. */
  score: number;
  /** Why the pair was routed (the score's components): a JSON object. */
  reason: Readonly<Record<string, unknown>>;
  /** Drawn at random from the pairs not chosen by score, to measure what routing bought. */
  audit: boolean;
}

/** A routed pair as stored: `a` before `b` by code point. */
export interface RoutedPair extends NewRoutedPair {
  /** The route (one `prefkit route` run) that first routed the pair. */
  routeId: string;
  createdAt: string;
  /** The pairwise judgments humans have made of the pair so far (either order). */
  humanJudgments: number;
}

export interface RoutingStore {
  /**
   * Routes pairs to humans, in one transaction. A pair already routed (by this route or an
   * earlier one, in either order) is kept as it was: the answer counts only the pairs added.
   * @throws StoreError `not_found` (project), `unknown_reference` (prompt, a, b: a candidate
   * must answer the prompt), `invalid` (b the same as a, score, reason, route), naming the index.
   */
  addRoutedPairs(
    projectId: string,
    routeId: string,
    pairs: readonly NewRoutedPair[],
  ): Promise<number>;
  /** The project's routed pairs, each with its human judgments so far; by route, then score. */
  listRoutedPairs(projectId: string): Promise<RoutedPair[]>;
}
