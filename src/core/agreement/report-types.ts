/** The plain-data shapes of agreementReport, and the conversions into them. */
import type { KappaWeights } from "./cohen-kappa.js";
import type { DawidSkeneOptions, DawidSkeneResult } from "./dawid-skene.js";
import type { AlphaScale } from "./krippendorff-alpha.js";
import type { TieRule } from "./majority-vote.js";
import type { RaterRow } from "./rater-table.js";
import type { Interval } from "./resample.js";
import type { Statistic, UndefinedReason } from "./statistic.js";

export interface AgreementReportOptions {
  /** Bootstrap rounds (default 1000); 0 skips the intervals. */
  readonly rounds?: number;
  /** Seed of the bootstrap streams (default 0). */
  readonly seed?: number;
  /** Interval coverage (default 0.95). */
  readonly confidence?: number;
  /** "nominal" (default) or "ordinal": ordinal adds ordinal α and defaults κ weights to quadratic. */
  readonly scale?: "nominal" | "ordinal";
  /** Cohen's κ weights (default none, or quadratic on the ordinal scale). */
  readonly weights?: KappaWeights;
  /** Majority-vote tie rule (default "unresolved"). */
  readonly tieRule?: TieRule;
  /** The tie category of preference labels, for flip rates (default: the tie rule's category). */
  readonly tieCategory?: number;
  readonly categoryNames?: readonly string[];
  readonly raterNames?: readonly string[];
  readonly dawidSkene?: DawidSkeneOptions;
  /** Include per-item arrays (consensus, DS labels and posteriors, unresolved items). */
  readonly items?: boolean;
  /** Pairwise κ intervals are skipped above this many rater pairs (default 500). */
  readonly maxPairs?: number;
  /** Consensus items a rater needs before it can be flagged as an outlier (default 10). */
  readonly minItems?: number;
}

/** A statistic with its bootstrap interval (null without rounds or when undefined in all). */
export type Estimate =
  | { ok: true; value: number; items: number; interval: Interval | null }
  | { ok: false; reason: UndefinedReason; message: string };

export interface AgreementReport {
  categories: string[];
  raters: string[];
  counts: {
    items: number;
    labelledItems: number;
    /** Items with ≥ 2 labels. */
    pairableItems: number;
    labels: number;
    raters: number;
    categories: number;
    patterns: number;
    labelsPerItem: { min: number; max: number };
  };
  bootstrap: { rounds: number; seed: number; confidence: number } | null;
  percentAgreement: Estimate;
  fleissKappa: Estimate;
  krippendorffAlpha: Partial<Record<AlphaScale, Estimate>>;
  cohen: {
    weights: KappaWeights;
    /** True when there were more rater pairs than maxPairs (no pair intervals). */
    intervalsSkipped: boolean;
    pairs: { raterA: number; raterB: number; items: number; agreement: number; kappa: Estimate }[];
  };
  consensus: {
    tieRule: TieRule;
    counts: number[];
    unresolved: number;
    tiesBroken: number;
    unlabelled: number;
    unresolvedItems?: number[];
  };
  dawidSkene:
    | {
        ok: true;
        model: "full" | "one-coin";
        priors: number[];
        /** confusion[w][k][c] = P(rater w says k | truth c). */
        confusion: number[][][];
        iterations: number;
        converged: boolean;
        /** Per-label ELBO at the end (null when maxIterations is 0). */
        elbo: number | null;
        /** Items per most probable category. */
        labelCounts: number[];
      }
    | { ok: false; reason: string; message: string };
  flipRate:
    | { ok: true; decisive: number[]; overall: number; decisiveLabels: number }
    | { ok: false; reason: string; message: string };
  raterTable: (RaterRow & { flipRate: number | null })[];
  items?: { majority: number[]; dawidSkene: number[] | null; posteriors: number[][] | null };
}

export function estimate(statistic: Statistic, interval: Interval | null | undefined): Estimate {
  if (!statistic.ok) return { ...statistic };
  return { ok: true, value: statistic.value, items: statistic.items, interval: interval ?? null };
}

export function fitSummary(
  fit: DawidSkeneResult,
  raterCount: number,
): AgreementReport["dawidSkene"] {
  if (!fit.ok) return { ok: false, reason: fit.reason, message: fit.message };
  const K = fit.categoryCount;
  const labelCounts = new Array<number>(K).fill(0);
  for (const label of fit.labels) if (label >= 0) labelCounts[label]! += 1;
  return {
    ok: true,
    model: fit.model,
    priors: Array.from(fit.priors),
    confusion: Array.from({ length: raterCount }, (_, w) =>
      Array.from({ length: K }, (_, k) =>
        Array.from(fit.confusion.subarray((w * K + k) * K, (w * K + k + 1) * K)),
      ),
    ),
    iterations: fit.iterations,
    converged: fit.converged,
    elbo: fit.elbo[fit.elbo.length - 1] ?? null,
    labelCounts,
  };
}
