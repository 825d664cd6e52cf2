import { describe, expect, it } from "vitest";
import {
  parseFastChatReview,
  reviewFileOf,
  toFastChatReview,
} from "../../../../src/formats/dataset/judgments/fastchat-review.js";

const review = (score: unknown) => ({
  review_id: "FLyt2zueFGuSh3Lb63pGW5",
  question_id: 1,
  answer1_id: "3oW4JY265ZPJGTYi2CgRYF",
  answer2_id: "bymmxnMyJRWBoeHooN5pwt",
  reviewer_id: 1,
  metadata: {},
  text: "Assistant 1 … Assistant 2 …",
  score,
});

describe("reviewFileOf", () => {
  it.each<[string, unknown]>([
    [
      "data/ratings-claude/answer_bard-vs-answer_claude-claude-reviewer_threeclass.jsonl",
      { systems: ["bard", "claude"], reviewer: "claude" },
    ],
    [
      "answer_vicuna-13b-vs-answer_gpt35-bard-reviewer_threeclass.jsonl",
      { systems: ["vicuna-13b", "gpt35"], reviewer: "bard" },
    ],
    ["review_alpaca-13b_vicuna-13b.jsonl", { systems: ["alpaca-13b", "vicuna-13b"] }],
    [
      "gpt-3.5-turbo_review_bard_vicuna-13b.jsonl",
      { systems: ["bard", "vicuna-13b"], reviewer: "gpt-3.5-turbo" },
    ],
    ["reviews.jsonl", {}],
  ])("%s names %j", (path, expected) => {
    expect(reviewFileOf(path)).toEqual(expected);
  });
});

describe("parseFastChatReview", () => {
  const file = { systems: ["bard", "claude"] as const, reviewer: "claude" };

  it.each<[unknown, number | null, unknown]>([
    [1, 1, undefined], // PRD: the first answer better
    [2, 0, undefined],
    [3, 0.5, undefined], // a tie
    ["2", 0, undefined], // CSV text
    [[8, 9], 0, [8, 9]], // FastChat: each answer's score, the higher wins
    [[9.0, 8.0], 1, [9, 8]],
    [[9, 9], 0.5, [9, 9]],
    [[-1, -1], null, [-1, -1]], // FastChat's "could not parse"
    [null, null, undefined],
  ])("reads score %j as %j for the first system", (score, preference, scores) => {
    const r = parseFastChatReview(review(score), file);
    expect(r.ok && r.value.labels).toEqual([
      {
        labeller: "claude",
        source: "ai",
        preference,
        ...(scores ? { scores } : {}),
        raw: score,
      },
    ]);
  });

  it("takes the systems and reviewer from the file, the rest of the record as extra", () => {
    const r = parseFastChatReview(review(1), file);
    expect(r.ok && { ...r.value, labels: [] }).toEqual({
      id: "1",
      prompt: [],
      systemA: "bard",
      systemB: "claude",
      labels: [],
      extra: {
        review_id: "FLyt2zueFGuSh3Lb63pGW5",
        answer1_id: "3oW4JY265ZPJGTYi2CgRYF",
        answer2_id: "bymmxnMyJRWBoeHooN5pwt",
        reviewer_id: 1,
        metadata: {},
        text: "Assistant 1 … Assistant 2 …",
      },
    });
  });

  it("falls back on reviewer_id when the file name names no reviewer", () => {
    const r = parseFastChatReview({ ...review(1), reviewer_id: "gpt-4-0328-generic" }, {});
    expect(r.ok && r.value.labels[0]!.labeller).toBe("gpt-4-0328-generic");
    expect(r.ok && r.value.systemA).toBeUndefined();
  });

  it.each([4, 0, [1, 2, 3], "tie"])("refuses score %j, naming the field", (score) => {
    const r = parseFastChatReview(review(score), file);
    expect(r.ok ? undefined : r.issues[0]!.field).toBe("score");
  });

  it("writes classes and score pairs back", () => {
    for (const score of [1, 2, 3, [8, 9], null]) {
      const r = parseFastChatReview(review(score), file);
      if (!r.ok) throw new Error("unreadable");
      const out = toFastChatReview(r.value);
      expect(out.ok && out.value[0]!.score).toEqual(score);
    }
  });
});
