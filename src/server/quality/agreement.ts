/**
 * A project's agreement report, as `GET /api/projects/{id}/agreement` answers it: the project's
 * pairwise judgments as items, then `agreeItems` with `prefkit agreement`'s defaults (ordinal
 * scale, unweighted κ, unresolved majority ties, full Dawid–Skene), so the CLI's JSON `report`
 * on an export of the project is the same. `source` keeps the humans' or the AI judges' labels
 * — the CLI's `--labellers` with those labellers.
 *
 * The report is computed on the thread that serves requests, so one request's work is bounded:
 * bootstrap rounds × distinct label patterns (what a round costs; at most one per item) may not
 * pass MAX_AGREEMENT_WORK, about 5 s; past it, a 400 on `rounds` says how many may be asked for.
 */
import type { z } from "zod";
import type { agreementOutput, agreementQuery, qualityLabeller } from "../../api/index.js";
import { type AgreeItemsOptions, agreeItems } from "../../app/evaluate/agree-items.js";
import { invalid } from "../errors.js";
import { type Labeller, pause, readQualityItems } from "./labellers.js";

/** Most bootstrap rounds × label patterns one request may ask for. */
export const MAX_AGREEMENT_WORK = 10_000_000;

export type AgreementQuery = z.output<typeof agreementQuery>;
type AgreementAnswer = z.input<typeof agreementOutput>;

export async function projectAgreement(
  store: Parameters<typeof readQualityItems>[0],
  projectId: string,
  query: AgreementQuery,
  context: { version: string; judgmentVersion: string; signal?: AbortSignal },
): Promise<AgreementAnswer> {
  const read = await readQualityItems(store, projectId);
  await pause(context.signal);
  const chosen = read.labellers.filter((l) => query.source === "all" || l.kind === query.source);
  const options: AgreeItemsOptions = {
    ...(query.source === "all" ? {} : { labellers: chosen.map((l) => l.id) }),
    orders: query.orders,
    seed: query.seed,
    confidence: query.confidence,
    scale: "ordinal",
    weights: "none",
    tieRule: "unresolved",
    dawidSkene: { model: "full" },
  };
  // Patterns are at most the items: only a large project needs the point estimates first to
  // count its patterns (they are the same in both passes).
  let report =
    query.rounds * read.items.length > MAX_AGREEMENT_WORK || query.rounds === 0
      ? agreeItems(read.items, { ...options, rounds: 0 })
      : undefined;
  if (query.rounds > 0) {
    if (report) {
      checkAgreementWork(query.rounds, report.counts.patterns);
      await pause(context.signal);
    }
    report = agreeItems(read.items, { ...options, rounds: query.rounds });
  }
  if (!report) throw new Error("internal: no agreement report");
  const { sourceItems: _sources, items: _perItem, ...summary } = report;
  return {
    prefkit: context.version,
    project: projectId,
    judgment_version: context.judgmentVersion,
    options: {
      rounds: query.rounds,
      seed: query.seed,
      confidence: query.confidence,
      orders: query.orders,
      source: query.source,
      scale: "ordinal",
      weights: "none",
      tie_rule: "unresolved",
      model: "full",
    },
    input: read.input,
    labellers: ratersOf(summary.raters, chosen, query.orders),
    report: summary,
  };
}

/** @throws ApiError (400 on `rounds`) when the bootstrap would take more than one request may. */
export function checkAgreementWork(rounds: number, patterns: number): void {
  if (rounds * patterns <= MAX_AGREEMENT_WORK) return;
  const most = Math.floor(MAX_AGREEMENT_WORK / patterns);
  throw invalid(
    "rounds",
    `${patterns} distinct label patterns × ${rounds} rounds is more than the ${MAX_AGREEMENT_WORK.toLocaleString("en")} pattern-rounds one request may ask for: use rounds=${most} or fewer`,
  );
}

/**
 * Who each rater of the report is. With `orders=separate` a labeller is two raters, its own name
 * for the order it was shown in and `NAME (swapped)` (agreement-table.ts).
 */
function ratersOf(
  raters: readonly string[],
  labellers: readonly Labeller[],
  orders: AgreementQuery["orders"],
) {
  const byId = new Map(labellers.map((l) => [l.id, l]));
  const bySwapped = new Map(labellers.map((l) => [`${l.id} (swapped)`, l]));
  return raters.map((rater): z.input<typeof qualityLabeller> => {
    // A labeller's own name first: a model could be called "x (swapped)".
    const own = byId.get(rater);
    const labeller = own ?? bySwapped.get(rater);
    if (!labeller) throw new Error(`internal: rater ${rater} is no labeller`);
    return {
      rater,
      id: labeller.id,
      name: labeller.name,
      kind: labeller.kind,
      order: own ? (orders === "separate" ? "in-order" : "all") : "swapped",
    };
  });
}
