import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prefkit } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-agreement-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const WORKED = "test/fixtures/worked";

async function report(args: string[]) {
  const run = await prefkit(["agreement", ...args, "--format", "json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout).report;
}

describe("prefkit agreement", () => {
  it("gives methods.md's Cohen κ from a two-annotator table (§B6: p_o 0.8, κ 0.583333)", async () => {
    const r = await report([`${WORKED}/cohen.csv`, "--bootstrap", "0"]);
    expect(r.raters).toEqual(["annotator1", "annotator2"]);
    expect(r.percentAgreement.value).toBeCloseTo(0.8, 12);
    expect(r.cohen.pairs[0].kappa.value).toBeCloseTo(0.583333, 6);
  });

  it("gives Fleiss' κ and both Krippendorff α of methods.md's three-rater examples (§B7, §B8)", async () => {
    const fleiss = await report([`${WORKED}/fleiss.csv`, "--bootstrap", "0"]);
    expect(fleiss.fleissKappa.value).toBeCloseTo(0.268293, 6);
    expect(fleiss.krippendorffAlpha.nominal.value).toBeCloseTo(0.329268, 6);
    const ordinal = await report([`${WORKED}/ordinal.csv`, "--bootstrap", "0"]);
    expect(ordinal.krippendorffAlpha.ordinal.value).toBeCloseTo(0.412698, 6);
    expect(ordinal.krippendorffAlpha.nominal.value).toBeCloseTo(0.329268, 6);
  });

  it("joins PRD's review files of both orders and both reviewers (real data) onto the same ten items", async () => {
    // Worked from the files: the Claude reviewer agrees with itself across orders on 4 of 10
    // questions, and its gpt4-first verdicts agree with Bard's (gpt4 first too) on 4 of 10.
    const r = await report([
      "test/fixtures/judgments/prd",
      "--orders",
      "separate",
      "--bootstrap",
      "0",
    ]);
    expect(r.counts.items).toBe(10);
    expect(r.counts.labels).toBe(30);
    const pair = (a: string, b: string) =>
      r.cohen.pairs.find(
        (p: { raterA: number; raterB: number }) =>
          r.raters[p.raterA] === a && r.raters[p.raterB] === b,
      );
    expect(pair("claude", "claude (swapped)").agreement).toBe(0.4);
    expect(pair("claude (swapped)", "bard (swapped)").agreement).toBe(0.4);
  });

  it("gives intervals that contain the estimate, the same for the same seed", async () => {
    const args = [`${WORKED}/fleiss.csv`, "--bootstrap", "300", "--seed", "5"];
    const [a, b] = await Promise.all([report(args), report(args)]);
    expect(a).toEqual(b);
    const { value, interval } = a.percentAgreement;
    expect(interval.lower).toBeLessThanOrEqual(value);
    expect(interval.upper).toBeGreaterThanOrEqual(value);
  });

  it("writes each item's consensus and Dawid–Skene posterior with --items", async () => {
    const out = join(dir, "items.jsonl");
    await report([`${WORKED}/fleiss.csv`, "--bootstrap", "0", "--items", out]);
    const lines = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.majority])).toEqual([
      ["0", "a"],
      ["1", "a"],
      ["2", null],
      ["3", "b"],
    ]);
    for (const l of lines) {
      const total = l.posterior.a + l.posterior.b + l.posterior.tie;
      expect(total).toBeCloseTo(1, 12);
    }
  });

  it("renders a table with the labeller rows and the flip rate", async () => {
    const run = await prefkit(["agreement", `${WORKED}/fleiss.csv`, "--bootstrap", "50"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Fleiss' κ\s+0\.268 \[/);
    expect(run.stdout).toMatch(/annotator3\s+4/);
    expect(run.stdout).toMatch(/label-flip rate/);
  });

  it("refuses an unknown labeller by name (exit 2)", async () => {
    const run = await prefkit(["agreement", `${WORKED}/cohen.csv`, "--labellers", "annotator9"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/annotator9/);
  });
});
