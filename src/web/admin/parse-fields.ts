/** The admin forms' free-text fields, parsed; a bad line throws an Error naming it. */
import type { Criterion } from "../../api";

/** `id min max [label…]` per line, e.g. `helpfulness 1 5 Helpful?`. */
export function parseCriteria(text: string): Criterion[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const [id, min, max, ...label] = line.split(/\s+/);
      if (
        !id ||
        min === undefined ||
        max === undefined ||
        Number.isNaN(+min) ||
        Number.isNaN(+max)
      ) {
        throw new Error(`criteria line ${i + 1}: write "id min max label", e.g. "helpfulness 1 5"`);
      }
      return { id, min: +min, max: +max, ...(label.length ? { label: label.join(" ") } : {}) };
    });
}

/** `name=value, name=value` as attributes. */
export function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf("=");
    if (at <= 0) throw new Error(`attributes: write name=value, not "${part}"`);
    attributes[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return attributes;
}
