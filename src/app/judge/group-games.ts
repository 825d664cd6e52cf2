/**
 * Gathers a judge's games of one question — the group (judge, payload.group): both orders of a
 * pair, a list's permutations, one answer's score — from items read in key order. The planner
 * may or may not give a group's items adjacent keys, so groups are gathered in a map by group key
 * and handed out as soon as they hold every game the spec asks for; groups short of games (an
 * item that never ran) are handed out at the end with what they have.
 *
 * Memory: the open groups' games (texts included) plus one key per handed-out group, to refuse a
 * game arriving after its group was combined. With adjacent keys at most one group is open at a
 * time; with any other key order, up to every group of the job.
 */
import type { JudgeGameItem } from "./job-games.js";
import type { JudgeItemPayload, JudgeSpec } from "./types.js";

/**
 * Games the spec asks of one group: pairwise 2 in both orders and 1 in one order, pointwise 1,
 * listwise `permutations` capped at the list's k (the planner's cyclic shifts of one order give
 * k distinct orders at most).
 */
export function expectedGames(
  spec: Pick<JudgeSpec, "orders" | "permutations">,
  payload: JudgeItemPayload,
): number {
  switch (payload.mode) {
    case "pairwise":
      return spec.orders === "both" ? 2 : 1;
    case "pointwise":
      return 1;
    case "listwise":
      return Math.min(spec.permutations, payload.answers.length);
  }
}

/** The key of a judge's group: one judge on one question. */
export const groupKey = (payload: JudgeItemPayload): string => `${payload.judge}\0${payload.group}`;

export class GroupCollector {
  readonly #open = new Map<string, JudgeGameItem[]>();
  readonly #done = new Set<string>();

  constructor(
    private readonly jobId: string,
    private readonly spec: Pick<JudgeSpec, "orders" | "permutations">,
  ) {}

  /**
   * Adds a game; returns its group's games when this game completes the group.
   * @throws Error naming the item when its group was handed out already (more games than the
   * spec asks for: a planner bug, which must not become a second judgment of the question).
   */
  add(game: JudgeGameItem): JudgeGameItem[] | undefined {
    const key = groupKey(game.payload);
    const expected = expectedGames(this.spec, game.payload);
    if (this.#done.has(key)) {
      throw new Error(
        `job ${this.jobId}: item ${game.key} is one game too many for judge ${game.payload.judge} on ${game.payload.group} (the spec asks for ${expected})`,
      );
    }
    const games = this.#open.get(key) ?? [];
    games.push(game);
    if (games.length < expected) {
      this.#open.set(key, games);
      return undefined;
    }
    this.#open.delete(key);
    this.#done.add(key);
    return games;
  }

  /** The groups still short of games, in the order they were opened; the collector is then empty. */
  drain(): JudgeGameItem[][] {
    const rest = [...this.#open.entries()];
    this.#open.clear();
    for (const [key] of rest) this.#done.add(key);
    return rest.map(([, games]) => games);
  }
}
