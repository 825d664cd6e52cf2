/** Importing a dataset file into a project: one path for the HTTP route and `prefkit import`. */
export { describeRecordLocation, ImportError, type ImportErrorCode } from "./import-error.js";
export { type EntryPart, entryLocation, type ImportPlan } from "./import-plan.js";
export { type ImportOptions, planImport } from "./plan-import.js";
export { type ImportSummary, storeImport } from "./store-import.js";
