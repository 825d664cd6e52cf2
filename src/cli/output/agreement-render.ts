/** `prefkit agreement`'s report as text: the overall statistics, κ per pair, the labeller table. */
import type { AgreementSummary } from "../../app/evaluate/agree-items.js";
import type { FileSummary } from "../../app/evaluate/read-comparisons.js";
import type { JoinCounts } from "../../core/dataset/join-comparisons.js";
import { decimal, percent, textTable } from "./text-table.js";

export interface AgreementOutput {
  readonly files: readonly FileSummary[];
  readonly join: JoinCounts;
  readonly invalid: number;
  readonly errors: readonly string[];
  readonly report: Omit<AgreementSummary, "items" | "sourceItems">;
}

type Estimate = AgreementSummary["percentAgreement"];

/** An agreement estimate as core/agreement gives it, in the shape the text helpers take. */
const plain = (e: Estimate | undefined) =>
  e?.ok
    ? {
        value: e.value,
        ci: e.interval ? { lower: e.interval.lower, upper: e.interval.upper } : null,
      }
    : null;
const why = (e: Estimate | undefined): string => (e && !e.ok ? ` (undefined: ${e.message})` : "");

export function renderAgreement(out: AgreementOutput, confidence: number, rounds: number): string {
  const r = out.report;
  const c = r.counts;
  const raters = r.raters;
  const parts = [
    `${out.files.length} file(s), ${out.join.comparisons} comparisons; ${c.labelledItems} items with ${c.labels} labels from ${c.raters} labellers (${c.pairableItems} items with two or more); verdicts ${r.categories.join(" < ")}; ${rounds} bootstrap rounds, ${Math.round(confidence * 100)}% intervals`,
    "",
    `percent agreement     ${percent(plain(r.percentAgreement))}${why(r.percentAgreement)}`,
    `Fleiss' κ             ${decimal(plain(r.fleissKappa))}${why(r.fleissKappa)}`,
    `Krippendorff's α      nominal ${decimal(plain(r.krippendorffAlpha.nominal))}${why(r.krippendorffAlpha.nominal)}, ordinal ${decimal(plain(r.krippendorffAlpha.ordinal))}${why(r.krippendorffAlpha.ordinal)}`,
  ];
  if (r.cohen.pairs.length > 0) {
    parts.push(
      "",
      `Cohen's κ per pair${r.cohen.weights === "none" ? "" : ` (${r.cohen.weights} weights)`}`,
      textTable(
        ["labellers", "items", "agreement", "κ"],
        r.cohen.pairs.map((p) => [
          `${raters[p.raterA]} – ${raters[p.raterB]}`,
          String(p.items),
          percent({ value: p.agreement }),
          p.kappa.ok ? decimal(plain(p.kappa)) : `- (${p.kappa.message})`,
        ]),
      ),
    );
  }
  const ds = r.dawidSkene;
  parts.push(
    "",
    `Labellers (agreement with the others' majority; κ against it; Dawid–Skene accuracy; flip rate: P(label says the opposite of the truth) on a/b)`,
    textTable(
      [
        "labeller",
        "labels",
        "majority items",
        "agreement",
        "κ",
        "DS accuracy",
        "flip rate",
        "flag",
      ],
      r.raterTable.map((row) => [
        raters[row.rater] ?? String(row.rater),
        String(row.labels),
        String(row.consensusItems),
        row.consensusAgreement === null ? "-" : percent({ value: row.consensusAgreement }),
        row.consensusKappa === null ? "-" : row.consensusKappa.toFixed(3),
        row.dsAccuracy === null ? "-" : percent({ value: row.dsAccuracy }),
        row.flipRate === null ? "-" : percent({ value: row.flipRate }),
        row.outlier === null ? "" : row.outlier.replace(/_/g, " "),
      ]),
    ),
  );
  const consensus = r.consensus;
  parts.push(
    "",
    `Consensus (majority, tie rule ${consensus.tieRule}): ${r.categories.map((name, k) => `${name} ${consensus.counts[k] ?? 0}`).join(", ")}; unresolved ${consensus.unresolved}`,
  );
  if (ds.ok)
    parts.push(
      `Dawid–Skene (${ds.model}, ${ds.iterations} iterations${ds.converged ? "" : ", not converged"}): priors ${r.categories.map((name, k) => `${name} ${percent({ value: ds.priors[k] ?? 0 })}`).join(", ")}`,
    );
  else parts.push(`Dawid–Skene: ${ds.message}`);
  if (r.flipRate.ok)
    parts.push(
      `Estimated label-flip rate ε (for cDPO/rDPO): ${percent({ value: r.flipRate.overall })} over ${r.flipRate.decisiveLabels} decisive labels`,
    );
  else parts.push(`Label-flip rate: ${r.flipRate.message}`);
  if (r.unparsed > 0)
    parts.push(`${r.unparsed} labeller-item labels could not be read and are left out`);
  if (out.join.flipped > 0)
    parts.push(
      `${out.join.flipped} labels were given with the pair in the other order and were flipped onto it`,
    );
  if (out.join.ambiguous > 0)
    parts.push(
      `${out.join.ambiguous} labels without answers were left on items of their own: several items have their prompt and systems (with different answers)`,
    );
  if (out.invalid > 0)
    parts.push("", `skipped ${out.invalid} invalid records:`, ...out.errors.map((e) => `  ${e}`));
  return `${parts.join("\n")}\n`;
}
