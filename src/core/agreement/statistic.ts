/**
 * The result type of every agreement statistic. A statistic that the data leave undefined (0/0:
 * no item with two labels, chance agreement of 1) is `{ ok: false, reason, message }`, never NaN.
 */

/** Why a statistic is undefined on the given data. */
export type UndefinedReason =
  /** No item has the labels the statistic compares (two labels; both raters, for Cohen's κ). */
  | "no_pairable_items"
  /**
   * Expected disagreement is zero — every label (Cohen: each rater's labels) in one category —
   * so the chance-corrected statistic is 0/0.
   */
  | "no_chance_variation"
  /** Fleiss' κ needs the same number of labels on every labelled item. */
  | "unequal_label_counts";

export type Statistic =
  | {
      readonly ok: true;
      readonly value: number;
      /** Items the statistic was computed on (items with ≥ 2 labels; Cohen: items in common). */
      readonly items: number;
    }
  | { readonly ok: false; readonly reason: UndefinedReason; readonly message: string };

/**
 * What a kernel returns: the value, or the reason it is undefined (strings are interned, so the
 * kernels allocate nothing in a bootstrap round).
 */
export type KernelValue = number | UndefinedReason;

const MESSAGES: Record<UndefinedReason, string> = {
  no_pairable_items: "no item has labels from two raters",
  no_chance_variation:
    "all labels are in one category, so chance agreement is 1 and the statistic is 0/0",
  unequal_label_counts: "items have different numbers of labels",
};

/** A Statistic from a kernel value; `message` overrides the reason's default text. */
export function statisticOf(value: KernelValue, items: number, message?: string): Statistic {
  if (typeof value === "number") return { ok: true, value, items };
  return { ok: false, reason: value, message: message ?? MESSAGES[value] };
}
