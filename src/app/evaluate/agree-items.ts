/**
 * Agreement among the labellers of joined items (`prefkit agreement`, the server's agreement
 * report): the items as a label table of verdicts (b better, tie, a better, in that ordinal
 * order), then core/agreement's report — κ, α, consensus, Dawid–Skene, flip rates, the
 * per-labeller table.
 */
import {
  type AgreementReport,
  type AgreementReportOptions,
  agreementReport,
  labelTable,
} from "../../core/agreement/index.js";
import type { JoinedItem } from "../../core/dataset/join-comparisons.js";
import { usageError } from "../../core/issue.js";
import { agreementTable, type OrderHandling, VERDICT_CATEGORIES } from "./agreement-table.js";

export interface AgreeItemsOptions
  extends Omit<AgreementReportOptions, "categoryNames" | "raterNames" | "tieCategory"> {
  /** The labellers to compare; default all. */
  readonly labellers?: readonly string[];
  readonly orders?: OrderHandling;
}

export interface AgreementSummary extends AgreementReport {
  readonly orders: OrderHandling;
  /** Rater-item cells left out because every label in them was unreadable. */
  readonly unparsed: number;
  /** For each item of the report's per-item arrays, the index of its joined item. */
  readonly sourceItems: Int32Array;
}

export function agreeItems(
  items: readonly JoinedItem[],
  options: AgreeItemsOptions = {},
): AgreementSummary {
  const { labellers, orders = "combine", ...rest } = options;
  const table = agreementTable(items, {
    ...(labellers ? { labellers } : {}),
    orders,
  });
  if (labellers) {
    const missing = labellers.filter(
      (l) => !table.raters.some((r) => r === l || r.startsWith(`${l} (`)),
    );
    if (missing.length > 0) throw usageError(`--labellers: no labels from ${missing.join(", ")}`);
  }
  const report = agreementReport(labelTable(table), {
    ...rest,
    categoryNames: VERDICT_CATEGORIES,
    raterNames: table.raters,
    // The tie is the middle category: flip rates count disagreement on a and b only.
    tieCategory: 1,
  });
  return { ...report, orders, unparsed: table.unparsed, sourceItems: table.sourceItems };
}
