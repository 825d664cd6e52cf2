/**
 * Where a judge job's judgments go, as one interface for write-output.ts: batches of combined
 * groups, each with the texts its judgments were made from (the item payload: the question and
 * the answers), written in order, then finished — or aborted, leaving nothing half-written.
 */
import type { Judgment } from "../../core/types.js";
import type { JudgeItemPayload } from "./types.js";

export interface OutputEntry {
  /** One of the group's item payloads: the prompt, the answers and their systems. */
  payload: JudgeItemPayload;
  /** The judge's judgments of the group, and the jury's when it is written with it. */
  judgments: readonly Judgment[];
}

export type TargetSummary =
  | {
      kind: "file";
      path: string;
      format: "canonical" | "arena" | "trl";
      /** Records written to the file. */
      records: number;
      /** TRL: tie judgments, which hold no preference, left out (contradicted ones apart). */
      tiesDropped: number;
      /** TRL: pairs whose two orders named opposite answers (merged into a tie), left out. */
      contradictedDropped: number;
      /** Arena: judgments of two answers of one system, which an arena log cannot hold, left out. */
      selfBattlesDropped: number;
    }
  | {
      kind: "project";
      projectId: string;
      /** Judgments stored now, and those already there (a second `complete`, a rerun). */
      added: number;
      skipped: number;
      /** Judgments whose id was stored with another verdict (by an earlier job): kept as stored. */
      conflicting: number;
      /** Prompts and candidates the judgments needed that the project did not have. */
      prompts: number;
      candidates: number;
    };

export interface OutputTarget {
  write(entries: readonly OutputEntry[]): Promise<void>;
  /** Completes the output (a file is renamed into place). */
  finish(): Promise<TargetSummary>;
  /** Leaves no file behind; safe after a failure. */
  abort(): Promise<void>;
}
