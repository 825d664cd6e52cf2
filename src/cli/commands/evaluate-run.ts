/** Runs `prefkit evaluate` (its definition: evaluate.ts): read and join, evaluate, write. */
import { evaluateItems } from "../../app/evaluate/evaluate-items.js";
import { idlessAgainstIds } from "../../app/evaluate/join-hint.js";
import { loadOptional } from "../../core/optional-package.js";
import { type EvaluateOutput, renderEvaluate } from "../output/evaluate-render.js";
import { emitReport, writeOutput } from "../output/write-output.js";
import type { LabelFlags } from "./label-options.js";
import { readLabelledFiles } from "./read-labelled.js";

export async function runEvaluate(paths: string[], flags: EvaluateFlags): Promise<void> {
  const read = await readLabelledFiles(paths, flags);
  const items = read.join.joined();
  const report = evaluateItems(items, {
    ...(flags.gold ? { gold: flags.gold } : {}),
    ...(flags.judges ? { judges: flags.judges } : {}),
    rounds: flags.bootstrap,
    seed: flags.seed,
    confidence: flags.confidence,
    ties: flags.ties,
    lengthThreshold: flags.lengthThreshold,
    calibrationBins: flags.bins,
    rewardBench: flags.rewardbench ?? false,
  });
  const out: EvaluateOutput = {
    files: read.files,
    items: items.length,
    join: read.join.counts(),
    joinByContent:
      flags.join === "auto" && idlessAgainstIds(items, report.gold.labellers, report.unmatched),
    invalid: read.invalid,
    errors: read.errors,
    report,
  };
  if (flags.plot) {
    // Loaded on demand: vega is large, optional, and most runs draw nothing.
    const [{ renderSvg }, { buildEvaluateSpec }] = await loadOptional(
      { feature: "--plot", packages: ["vega", "vega-lite"] },
      () => Promise.all([import("../plot/leaderboard-svg.js"), import("../plot/evaluate-spec.js")]),
    );
    writeOutput(flags.plot, await renderSvg(buildEvaluateSpec(report, "prefkit evaluate")));
  }
  const text =
    flags.format === "json"
      ? `${JSON.stringify(out, null, 2)}\n`
      : renderEvaluate(out, flags.confidence, flags.bootstrap);
  emitReport(text, flags.output);
}

/** The parsed command-line flags of `prefkit evaluate` (options: evaluate.ts). */
export interface EvaluateFlags extends LabelFlags {
  gold?: string[];
  judges?: string[];
  ties: "count-as-class" | "exclude-gold-ties";
  lengthThreshold: number;
  bins: number;
  rewardbench?: boolean;
  plot?: string;
}
