/** Runs `prefkit agreement` (its definition: agreement.ts): read and join, agree, write. */
import { type AgreementSummary, agreeItems } from "../../app/evaluate/agree-items.js";
import type { JoinedItem } from "../../core/dataset/join-comparisons.js";
import { type AgreementOutput, renderAgreement } from "../output/agreement-render.js";
import { emitReport, writeOutput } from "../output/write-output.js";
import type { LabelFlags } from "./label-options.js";
import { readLabelledFiles } from "./read-labelled.js";

const TIE_RULE = { unresolved: "unresolved", tie: "category:1", lowest: "lowest-index" } as const;

export async function runAgreement(paths: string[], flags: AgreementFlags): Promise<void> {
  const read = await readLabelledFiles(paths, flags);
  const items = read.join.joined();
  const report = agreeItems(items, {
    ...(flags.labellers ? { labellers: flags.labellers } : {}),
    orders: flags.orders,
    rounds: flags.bootstrap,
    seed: flags.seed,
    confidence: flags.confidence,
    scale: "ordinal",
    weights: flags.weights,
    tieRule: TIE_RULE[flags.tieRule],
    dawidSkene: { model: flags.model },
    items: flags.items !== undefined,
  });
  if (flags.items) writeOutput(flags.items, itemLines(items, report));
  const { items: _perItem, sourceItems: _sources, ...summary } = report;
  const out: AgreementOutput = {
    files: read.files,
    join: read.join.counts(),
    invalid: read.invalid,
    errors: read.errors,
    report: summary,
  };
  const text =
    flags.format === "json"
      ? `${JSON.stringify(out, null, 2)}\n`
      : renderAgreement(out, flags.confidence, flags.bootstrap);
  emitReport(text, flags.output);
}

/** One JSON line per labelled item: its identity, majority and Dawid–Skene labels, posterior. */
function itemLines(items: readonly JoinedItem[], report: AgreementSummary): string {
  const names = report.categories;
  const perItem = report.items;
  if (!perItem) return "";
  const lines: string[] = [];
  for (const [k, index] of report.sourceItems.entries()) {
    const item = items[index]!;
    const majority = perItem.majority[k]!;
    const ds = perItem.dawidSkene?.[k] ?? -1;
    const posterior = perItem.posteriors?.[k];
    lines.push(
      JSON.stringify({
        id: item.id ?? null,
        ...(item.turn !== undefined ? { turn: item.turn } : {}),
        system_a: item.systemA ?? null,
        system_b: item.systemB ?? null,
        majority: majority < 0 ? null : names[majority],
        dawid_skene: ds < 0 ? null : names[ds],
        posterior: posterior ? Object.fromEntries(names.map((n, c) => [n, posterior[c]])) : null,
      }),
    );
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** The parsed command-line flags of `prefkit agreement` (options: agreement.ts). */
export interface AgreementFlags extends LabelFlags {
  labellers?: string[];
  orders: "combine" | "separate";
  weights: "none" | "linear" | "quadratic";
  tieRule: "unresolved" | "tie" | "lowest";
  model: "full" | "one-coin";
  items?: string;
}
