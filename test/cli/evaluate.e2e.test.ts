import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prefkit } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-evaluate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GOLD = "test/fixtures/worked/judge-vs-gold";
const MAP = [
  "--map",
  "prompt=question,a=first,b=second,label.judge=verdict",
  "--labels",
  "A=a,B=b,tie=tie",
];

describe("prefkit evaluate", () => {
  it("scores a judge's two orders against LLMBar-style gold in another file (joined by content)", async () => {
    const run = await prefkit(["evaluate", GOLD, ...MAP, "--bootstrap", "0", "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.items).toBe(4);
    const [judge] = out.report.judges;
    const o = judge.evaluation.overall;
    // Worked in fixtures/worked/README: gold a, b, a, b; the judge says a, b, b, b in order and
    // b, b, a, b when shown the second answer first (its file lists them the other way round).
    expect(judge.judge).toBe("judge");
    expect(o.accuracyInOrder.value).toBe(0.75);
    expect(o.accuracySwapped.value).toBe(0.75);
    expect(o.accuracy.value).toBe(0.75);
    expect(o.bothCorrect.value).toBe(0.5);
    expect(o.position.consistency.value).toBe(0.5);
    // One inconsistent pair went to the first shown, one to the second: no net bias.
    expect(o.position.positionBias.value).toBe(0);
    expect(o.classes.macroF1.value).toBeCloseTo((2 / 3 + 0.8) / 2, 12);
    // Decisive, unequal lengths: items 1 and 3, where the longer answer is gold's every time.
    expect(o.length.goldLongerWins.value).toBe(1);
    expect(o.length.judgeLongerWins.value).toBe(0.5);
  });

  it("names the labellers when no gold is found, and takes --gold", async () => {
    const run = await prefkit(["evaluate", "test/fixtures/judgments/prd", "--bootstrap", "0"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--gold.*claude, bard|--gold.*bard, claude/);
    const ok = await prefkit([
      "evaluate",
      "test/fixtures/judgments/prd",
      "--gold",
      "claude",
      "--bootstrap",
      "100",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^bard\s+10\s/m);
  });

  it("draws the judges' rates as SVG", async () => {
    const svg = join(dir, "eval.svg");
    const run = await prefkit(["evaluate", GOLD, ...MAP, "--bootstrap", "50", "--plot", svg]);
    expect(run.code).toBe(0);
    const text = readFileSync(svg, "utf8");
    expect(text.startsWith("<svg")).toBe(true);
    expect(text).toContain("ratepoints_marks");
  });
});
