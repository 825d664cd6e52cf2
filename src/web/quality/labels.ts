/** How a rater of the agreement report is named on the page: its name, and the order it saw. */
import type { QualityLabeller } from "../../api";

export function raterLabel(labeller: QualityLabeller): string {
  if (labeller.order === "in-order") return `${labeller.name} (in order)`;
  if (labeller.order === "swapped") return `${labeller.name} (swapped)`;
  return labeller.name;
}

export const kindWords = (kind: "human" | "ai") => (kind === "ai" ? "AI judge" : "Human");

/** A long name shortened for a chart's axis (the full one goes in a tooltip). */
export const short = (name: string, most = 22) =>
  name.length > most ? `${name.slice(0, most - 1)}…` : name;
