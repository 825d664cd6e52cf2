/**
 * One call for everything in this folder, as plain data (numbers, strings, arrays, null) that a
 * CLI can print and JSON.stringify: counts, percent agreement, Fleiss' κ, Krippendorff's α,
 * pairwise Cohen's κ (each with a percentile bootstrap interval over items), majority-vote
 * consensus, a Dawid–Skene fit, label-flip rates and the per-rater table. Everything is computed
 * from the label patterns once; the bootstrap rounds share their resamples across statistics.
 */
import { agreementBootstrap } from "./agreement-bootstrap.js";
import { checkWeights, type KappaWeights } from "./cohen-kappa.js";
import { dawidSkene } from "./dawid-skene.js";
import { fleissKappa, labelsPerItemRange } from "./fleiss-kappa.js";
import { flipRates } from "./flip-rate.js";
import { type AlphaScale, krippendorffAlpha } from "./krippendorff-alpha.js";
import { type AgreementInput, patternsOf } from "./label-patterns.js";
import { majorityVote, parseTieRule, type TieRule } from "./majority-vote.js";
import { pairwiseCohen } from "./pairwise-cohen.js";
import { pairableItems, percentAgreement } from "./percent-agreement.js";
import { raterTable } from "./rater-table.js";
import {
  type AgreementReport,
  type AgreementReportOptions,
  estimate,
  fitSummary,
} from "./report-types.js";
import { checkBootstrapOptions } from "./resample.js";

export type { AgreementReport, AgreementReportOptions } from "./report-types.js";

/**
 * The full agreement report of a label table (or of its patterns).
 * @example agreementReport(table, { rounds: 1000, seed: 1, scale: "ordinal", tieRule: "category:1" })
 * @throws RangeError on a bad table (see labelTable) or bad options: rounds not an integer in
 * [0, 1e7], seed, confidence outside (0, 1), unknown scale/weights/tie rule, names of the wrong
 * length. Complexity: O(labels + items) once, plus O(rounds · patterns · K²) for the bootstrap.
 */
export function agreementReport(
  input: AgreementInput,
  options: AgreementReportOptions = {},
): AgreementReport {
  const rounds = options.rounds ?? 1000;
  const seed = options.seed ?? 0;
  const confidence = options.confidence ?? 0.95;
  const scale = options.scale ?? "nominal";
  if (scale !== "nominal" && scale !== "ordinal") {
    throw new RangeError(`scale must be nominal or ordinal, got ${String(scale)}`);
  }
  const weights: KappaWeights = options.weights ?? (scale === "ordinal" ? "quadratic" : "none");
  checkWeights(weights);
  const tieRule: TieRule = options.tieRule ?? "unresolved";
  if (!(Number.isInteger(rounds) && rounds >= 0 && rounds <= 1e7)) {
    throw new RangeError(`rounds must be an integer in [0, 1e7], got ${rounds}`);
  }
  checkBootstrapOptions({ rounds: Math.max(rounds, 1), seed, confidence });
  const patterns = patternsOf(input);
  const K = patterns.categoryCount;
  const onTie = parseTieRule(tieRule, K);
  const tieCategory = options.tieCategory ?? (onTie >= 0 ? onTie : undefined);
  const categories = names("categoryNames", options.categoryNames, K);
  const raters = names("raterNames", options.raterNames, patterns.raterCount);
  const scales: AlphaScale[] = scale === "ordinal" ? ["nominal", "ordinal"] : ["nominal"];

  const intervals =
    rounds > 0
      ? agreementBootstrap(patterns, {
          rounds,
          seed,
          confidence,
          scales,
          weights,
          ...(options.maxPairs !== undefined ? { maxPairs: options.maxPairs } : {}),
        })
      : null;
  const pairs = pairwiseCohen(patterns, weights);
  const alpha: Partial<Record<AlphaScale, ReturnType<typeof estimate>>> = {};
  for (const s of scales) {
    alpha[s] = estimate(krippendorffAlpha(patterns, s), intervals?.krippendorffAlpha[s]);
  }
  const consensus = majorityVote(patterns, tieRule);
  const fit = dawidSkene(patterns, options.dawidSkene ?? {});
  const flips = fit.ok ? flipRates(fit, patterns, tieCategory) : null;
  const rows = raterTable(
    patterns,
    fit.ok ? fit : undefined,
    options.minItems !== undefined ? { minItems: options.minItems } : {},
  );
  const sizes = labelsPerItemRange(patterns);

  return {
    categories,
    raters,
    counts: {
      items: patterns.itemCount,
      labelledItems: patterns.labelledItems,
      pairableItems: pairableItems(patterns, patterns.count),
      labels: patterns.labelCount,
      raters: patterns.raterCount,
      categories: K,
      patterns: patterns.patternCount,
      labelsPerItem: sizes,
    },
    bootstrap: rounds > 0 ? { rounds, seed, confidence } : null,
    percentAgreement: estimate(percentAgreement(patterns), intervals?.percentAgreement),
    fleissKappa: estimate(fleissKappa(patterns), intervals?.fleissKappa),
    krippendorffAlpha: alpha,
    cohen: {
      weights,
      intervalsSkipped: intervals !== null && intervals.cohen === null,
      pairs: pairs.map((pair, q) => ({
        raterA: pair.raterA,
        raterB: pair.raterB,
        items: pair.items,
        agreement: pair.agreement,
        kappa: estimate(pair.kappa, intervals?.cohen?.[q]),
      })),
    },
    consensus: {
      tieRule,
      counts: Array.from(consensus.counts),
      unresolved: consensus.unresolved,
      tiesBroken: consensus.tiesBroken,
      unlabelled: consensus.unlabelled,
      ...(options.items ? { unresolvedItems: Array.from(consensus.unresolvedItems) } : {}),
    },
    dawidSkene: fitSummary(fit, patterns.raterCount),
    flipRate:
      flips === null
        ? { ok: false, reason: "no_labels", message: "no labels" }
        : flips.ok
          ? {
              ok: true,
              decisive: [...flips.decisive],
              overall: flips.overall,
              decisiveLabels: flips.decisiveLabels,
            }
          : flips,
    raterTable: rows.map((row) => ({
      ...row,
      flipRate: flips?.ok ? flips.raters[row.rater]!.flipRate : null,
    })),
    ...(options.items
      ? {
          items: {
            majority: Array.from(consensus.labels),
            dawidSkene: fit.ok ? Array.from(fit.labels) : null,
            posteriors: fit.ok
              ? Array.from({ length: patterns.itemCount }, (_, i) =>
                  Array.from(fit.posteriors.subarray(i * K, (i + 1) * K)),
                )
              : null,
          },
        }
      : {}),
  };
}

function names(option: string, given: readonly string[] | undefined, n: number): string[] {
  if (given === undefined) return Array.from({ length: n }, (_, k) => String(k));
  if (given.length !== n)
    throw new RangeError(`${option} must have ${n} names, got ${given.length}`);
  return [...given];
}
