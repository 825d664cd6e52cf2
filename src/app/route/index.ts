/** Routing hard items to humans (`prefkit route`): score pairs, route the budget's, report the gain. */
export {
  EvidenceCollector,
  type EvidenceCounts,
  type PairEvidence,
  pairOf,
} from "./pair-evidence.js";
export {
  type RoutedItem,
  type RouteOptions,
  type RouteResult,
  type RouteStore,
  routeProject,
} from "./route-project.js";
export {
  type GroupReport,
  type ReportStore,
  type RouteReport,
  routeReport,
} from "./route-report.js";
export { compareForRouting, type PairScore, scorePair } from "./score-pair.js";
export { type RouteSelection, type ScoredPair, selectRoute } from "./select-route.js";
