export { type BiasIntervals, biasBootstrap } from "./bias-bootstrap.js";
export { type BiasReport, biasReport, type HumanBaseline, type JudgedGame } from "./bias-report.js";
export { type CombinedAll, combineAll, type PairGames } from "./combine-all.js";
export {
  type CombinedPair,
  type CombineOptions,
  type CombineRule,
  combineOrders,
  type PairOutcome,
} from "./combine-orders.js";
export {
  type JuryItem,
  type JuryResult,
  juryMajority,
  juryMean,
  juryWeighted,
} from "./jury.js";
export { type JudgeAccuracy, judgeAccuracy, juryWeights } from "./jury-weights.js";
export { cyclicOrders, meanRanks, shuffledOrder, unpermuteRanking } from "./listwise-orders.js";
export { checkVerdict, type GameVerdict, type Side, sideOf } from "./verdict.js";
