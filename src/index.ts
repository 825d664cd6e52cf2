/**
 * prefkit as a library: the pure core (domain types, rating engine, dataset shapes, agreement
 * and judge metrics).
 */

export * as agreement from "./core/agreement/index.js";

export * from "./core/dataset/canonical.js";
export { CanonicalBuilder } from "./core/dataset/canonical-builder.js";
export { CanonicalResolver, type ResolverOptions } from "./core/dataset/canonical-resolver.js";
export * from "./core/dataset/comparison.js";
export { dedupePairs, isIdenticalPair, pairKey } from "./core/dataset/dedupe.js";
export * from "./core/dataset/derive.js";
export {
  ComparisonJoin,
  flipLabel,
  type JoinedItem,
  type JoinKey,
} from "./core/dataset/join-comparisons.js";
export * from "./core/dataset/preference.js";
export { parseFractions, type SplitSpec, splitOf } from "./core/dataset/split.js";
export * as judge from "./core/judge/index.js";
export * as metrics from "./core/metrics/index.js";
export * from "./core/random/index.js";
export { type BootstrapSamples, bootstrapSamples } from "./core/rating/bootstrap.js";
export {
  type BradleyTerryOptions,
  bradleyTerry,
  type TieHandling,
} from "./core/rating/bradley-terry.js";
export { bradleyTerryMM } from "./core/rating/bradley-terry-mm.js";
export { type Connectivity, connectivity } from "./core/rating/connectivity.js";
export { davidsonProbabilities, fitDavidson } from "./core/rating/davidson.js";
export * from "./core/rating/elo-scale.js";
export { finishLeaderboard } from "./core/rating/finish-leaderboard.js";
export type { StrengthFit, TieModelFit } from "./core/rating/fit.js";
export { leaderboard } from "./core/rating/leaderboard.js";
export * from "./core/rating/leaderboard-types.js";
export { type BattleSequence, onlineElo } from "./core/rating/online-elo.js";
export * from "./core/rating/outcome-counts.js";
export * from "./core/rating/pair-table.js";
export { prepareLeaderboard } from "./core/rating/prepare-leaderboard.js";
export { fitRaoKupper, raoKupperProbabilities } from "./core/rating/rao-kupper.js";
export { type SimulationOptions, simulateBattles } from "./core/rating/simulate-battles.js";
export { fitStyleControlled } from "./core/rating/style-control.js";
export { styleDesign } from "./core/rating/style-design.js";
export { countStyleElements, type StyleElements } from "./core/rating/style-features.js";
export * from "./core/result.js";
export * from "./core/types.js";
