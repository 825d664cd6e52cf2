/**
 * The bounds on one quality request's work: past them, a 400 on `rounds` that says how many
 * rounds may be asked for — and that many are then accepted.
 */
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/server/errors.js";
import { checkAgreementWork, MAX_AGREEMENT_WORK } from "../../src/server/quality/agreement.js";
import { checkJudgeWork, MAX_JUDGE_WORK } from "../../src/server/quality/judge-quality.js";

const refusal = (check: () => void) => {
  try {
    check();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  return undefined;
};

describe("agreement work", () => {
  it("takes rounds × patterns up to the bound, and refuses one round more with the most allowed", () => {
    expect(refusal(() => checkAgreementWork(10_000, MAX_AGREEMENT_WORK / 10_000))).toBeUndefined();
    const error = refusal(() => checkAgreementWork(10_000, 2_000));
    expect(error?.code).toBe("invalid");
    expect(error?.location).toMatchObject({ field: "rounds" });
    expect(error?.message).toMatchInlineSnapshot(
      `"rounds: 2000 distinct label patterns × 10000 rounds is more than the 10,000,000 pattern-rounds one request may ask for: use rounds=5000 or fewer"`,
    );
    expect(refusal(() => checkAgreementWork(5_000, 2_000))).toBeUndefined();
  });
});

describe("judge work", () => {
  it("counts labellers × rounds × (categories + 1)", () => {
    expect(refusal(() => checkJudgeWork(6, 10_000, 10))).toBeUndefined();
    expect(6 * 10_000 * 10).toBe(MAX_JUDGE_WORK);
    const error = refusal(() => checkJudgeWork(52, 2000, 11));
    expect(error?.location).toMatchObject({ field: "rounds" });
    expect(error?.message).toMatchInlineSnapshot(
      `"rounds: 52 labellers × 2000 rounds × 11 strata (10 categories and the whole) is more than the 600,000 one request may ask for: use rounds=1048 or fewer"`,
    );
    expect(refusal(() => checkJudgeWork(52, 1048, 11))).toBeUndefined();
    expect(refusal(() => checkJudgeWork(52, 1049, 11))).toBeDefined();
  });
});
