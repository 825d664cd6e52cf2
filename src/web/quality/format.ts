/** Numbers as the quality page prints them, and the plain words for what a statistic is. */

/** Two decimals, a minus sign that reads as one; an em dash for a missing value. */
export function fixed(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return "—";
  return value.toFixed(digits).replace("-", "−");
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(0)}%`;
}

/** "0.65 (0.50 to 0.80)", or the value alone when there is no interval. */
export function withInterval(
  value: number,
  interval: { lower: number; upper: number } | null,
): string {
  return interval
    ? `${fixed(value)} (${fixed(interval.lower)} to ${fixed(interval.upper)})`
    : fixed(value);
}

/** The outlier flags of the per-labeller table, in plain words. */
export const OUTLIER_WORDS: Record<string, string> = {
  no_better_than_chance: "No better than chance",
  low_agreement: "Far below the others",
};

/** One short line per statistic: what it says, for someone who has not met it. */
export const EXPLAIN = {
  percentAgreement: "How often two labellers of the same pair give the same verdict.",
  fleissKappa:
    "Agreement among all labellers beyond what chance gives: 1 perfect, 0 chance, below 0 worse than chance.",
  alphaNominal: "Like κ, but allows pairs with any number of labels.",
  alphaOrdinal: "The same, counting a tie as closer to either side than a and b are to each other.",
  cohen: "Each two labellers' agreement beyond chance, on the pairs both labelled.",
  consensusAgreement: "Share of pairs where the labeller gave the verdict most of the others gave.",
  consensusKappa: "That agreement corrected for chance.",
  dsAccuracy:
    "Estimated chance that the labeller gives the true verdict (Dawid–Skene model of every labeller's mistakes).",
  flipRate: "Estimated chance that a decisive verdict picks the wrong side.",
  accuracy: "Share of verdicts that match the human majority, both orders counted.",
  consistency: "Share of pairs where the judge gave the same verdict in both orders.",
} as const;
