/**
 * Inter-rater agreement and annotator models on categorical labels (methods.md §A8, §B6–§B8):
 * build a LabelTable (labelTable, labelTableFromMatrix), then call the statistics on it — or on
 * labelPatterns(table) when several share it — or agreementReport for everything at once.
 */
export {
  type AgreementIntervals,
  agreementBootstrap,
  type BootstrapOptions,
} from "./agreement-bootstrap.js";
export {
  type AgreementReport,
  type AgreementReportOptions,
  agreementReport,
} from "./agreement-report.js";
export { cohenKappa, KAPPA_WEIGHTS, type KappaWeights } from "./cohen-kappa.js";
export {
  type DawidSkeneFit,
  type DawidSkeneOptions,
  type DawidSkeneResult,
  dawidSkene,
} from "./dawid-skene.js";
export { fleissKappa } from "./fleiss-kappa.js";
export { type FlipRates, flipRates, type RaterFlipRate } from "./flip-rate.js";
export { ALPHA_SCALES, type AlphaScale, krippendorffAlpha } from "./krippendorff-alpha.js";
export { type AgreementInput, type LabelPatterns, labelPatterns } from "./label-patterns.js";
export { type LabelTable, labelTable, labelTableFromMatrix } from "./label-table.js";
export { type Consensus, majorityVote, type TieRule } from "./majority-vote.js";
export { type PairKappa, pairwiseCohen } from "./pairwise-cohen.js";
export { percentAgreement } from "./percent-agreement.js";
export { type OutlierFlag, type RaterRow, raterTable } from "./rater-table.js";
export type { Estimate } from "./report-types.js";
export { type Interval, resampleWeights } from "./resample.js";
export { type LabelSimulation, simulateLabels } from "./simulate-labels.js";
export type { Statistic, UndefinedReason } from "./statistic.js";
