/**
 * The parsed command-line flags of `prefkit judge`: the type the definition (judge.ts) hands the
 * run (judge-run.ts) and its checks (judge-options.ts), apart so that none imports the other.
 */
import type { JuryMethod } from "../../app/judge/types.js";
import type { CombineRule } from "../../core/judge/combine-orders.js";
import type { DatasetFormat } from "../../formats/dataset/dataset-formats.js";

/** --pairs as given on the command line (a sample's seed comes from --seed). */
export type PairsFlag =
  | { kind: "given" }
  | { kind: "all" }
  | { kind: "baseline"; system: string }
  | { kind: "sample"; perPrompt: number };

/** The parsed command-line flags of `prefkit judge`. */
export interface Flags {
  judges: string;
  only?: string[];
  template?: string;
  pairs?: PairsFlag;
  orders?: "both" | "one";
  combine?: CombineRule;
  strongWeight?: number;
  jury?: JuryMethod;
  permutations?: number;
  referenceSystem?: string;
  parseAttempts: number;
  seed?: number;
  out?: string;
  outputFormat?: "canonical" | "arena" | "trl";
  db?: string;
  project?: string;
  fromProject?: boolean;
  jobsDb?: string;
  inputFormat?: DatasetFormat;
  dryRun?: boolean;
  maxCost?: number;
  fresh?: boolean;
  concurrency: number;
  /** False with --no-run. */
  run: boolean;
  format: "text" | "json";
  quiet?: boolean;
}
