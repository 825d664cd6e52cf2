/**
 * A judge job's finished items as games: a done item with its verdict, a failed item with the
 * raw text its error holds (a verdict that never parsed is a failure, never a tie). Read in key
 * order a page at a time, as app/generate/write-output.ts reads, so a caller holds one page of
 * items at once. Pending, leased and cancelled items are no games: a job that completed has
 * none but cancelled ones, which never ran; they are counted (`skipped`), not read as failures.
 */
import type { JobsStore } from "../../store/port/jobs.js";
import type { JudgeItemPayload, JudgeItemResult } from "./types.js";

export const ITEM_PAGE = 500;

export type GameOutcome =
  | { ok: true; result: JudgeItemResult }
  /** The item's error: what went wrong, with the judge's raw text when there was one. */
  | { ok: false; error: string };

export interface JudgeGameItem {
  key: string;
  payload: JudgeItemPayload;
  outcome: GameOutcome;
  /** When the item was finished (ISO-8601): the game's time. */
  finishedAt: string;
}

export interface GamePage {
  games: JudgeGameItem[];
  /** Items of the page that are not finished (pending, leased, cancelled). */
  skipped: number;
}

/**
 * The job's items, a page (`ITEM_PAGE` items) at a time, in key order.
 * @example for await (const { games } of jobGames(store, jobId)) for (const g of games) use(g);
 */
export async function* jobGames(
  store: Pick<JobsStore, "listItems">,
  jobId: string,
): AsyncGenerator<GamePage> {
  let after: string | undefined;
  for (;;) {
    const page = await store.listItems(jobId, {
      limit: ITEM_PAGE,
      ...(after === undefined ? {} : { after }),
    });
    const games: JudgeGameItem[] = [];
    let skipped = 0;
    for (const item of page) {
      const payload = item.payload as JudgeItemPayload;
      if (item.status === "done") {
        const result = item.result as JudgeItemResult;
        games.push({
          key: item.key,
          payload,
          outcome: { ok: true, result },
          finishedAt: item.updatedAt,
        });
      } else if (item.status === "failed") {
        const error = item.error ?? "";
        games.push({
          key: item.key,
          payload,
          outcome: { ok: false, error },
          finishedAt: item.updatedAt,
        });
      } else skipped++;
    }
    yield { games, skipped };
    if (page.length < ITEM_PAGE) return;
    after = page.at(-1)?.key;
  }
}
