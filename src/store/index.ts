/** The store port and its SQL implementation (SQLite, PostgreSQL). */
export { openStore } from "./open-store.js";
export type {
  AnnotatorRecord,
  BattleCount,
  BattleFilter,
  Dialect,
  NewJudgment,
  PairTask,
  Project,
  Role,
  Store,
  StoredJudgment,
} from "./store.js";
export { StoreError } from "./store.js";
