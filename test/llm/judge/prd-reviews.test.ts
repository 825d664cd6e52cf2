/**
 * Real judge texts: 30 PRD reviews (Claude and Bard as reviewers, MIT licence, copied into
 * test/fixtures/prd-reviews/). Each record's `score` is the PRD authors' reading of its text:
 * 1 (Assistant 1 better), 2 (Assistant 2 better) or 3 (equivalent). These reviews end with a
 * three-class choice, not with two scores.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PRD_PAIRWISE } from "../../../src/llm/judge/builtin.js";
import { parseVerdict } from "../../../src/llm/judge/parse-verdict.js";

interface Review {
  source: string;
  review_id: string;
  score: 1 | 2 | 3;
  text: string;
}
const FILE = fileURLToPath(new URL("../../fixtures/prd-reviews/sample.jsonl", import.meta.url));
const REVIEWS: Review[] = readFileSync(FILE, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as Review);
const PREFERENCE = { 1: 1, 2: 0, 3: 0.5 } as const;

describe("parseVerdict on real PRD reviews with the prd-pairwise template", () => {
  it("the sample holds 30 reviews, all three classes, from both reviewers", () => {
    expect(REVIEWS).toHaveLength(30);
    expect(new Set(REVIEWS.map((r) => r.score))).toEqual(new Set([1, 2, 3]));
    expect(REVIEWS.filter((r) => r.source.startsWith("ratings-bard"))).toHaveLength(8);
  });

  it.each(
    REVIEWS.filter((r) => r.source.startsWith("ratings-claude")).map(
      (r) => [r.review_id, r] as const,
    ),
  )("Claude review %s: the verdict agrees with the recorded score", (_, r) => {
    expect(parseVerdict(PRD_PAIRWISE, r.text)).toMatchObject({
      ok: true,
      verdict: { preference: PREFERENCE[r.score] },
    });
  });

  it("Bard reviews: a closing choice agrees with the score; closing prose is a failure, never a tie", () => {
    const outcomes = REVIEWS.filter((r) => r.source.startsWith("ratings-bard")).map((r) => {
      const result = parseVerdict(PRD_PAIRWISE, r.text);
      if (result.ok) {
        expect(result.verdict).toMatchObject({ preference: PREFERENCE[r.score] });
        return "agrees";
      }
      expect(result.code).toBe("no_verdict");
      expect(result.reason).toMatch(/^no verdict matching /);
      return "failure";
    });
    // Bard mostly ends in prose ("I would choose Assistant 1 as the better answer."), which its
    // records score all the same; this template asks for a last line, and a judge that ends in
    // prose is retried, then stored as a failure with its text.
    expect(outcomes.filter((o) => o === "agrees")).toHaveLength(4);
    expect(outcomes.filter((o) => o === "failure")).toHaveLength(4);
  });
});
