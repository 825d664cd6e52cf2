import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { IssueError } from "../../../src/core/issue.js";
import { parseVerdict } from "../../../src/llm/judge/parse-verdict.js";
import { renderTemplate } from "../../../src/llm/judge/render.js";
import { loadJudgeTemplate, parseJudgeTemplate } from "../../../src/llm/judge/template-file.js";

function issues(text: string, file = "judge.yaml") {
  try {
    parseJudgeTemplate(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(IssueError);
    return (error as IssueError).issues.map(
      (i) => `${i.location?.line}: ${i.location?.field}: ${i.message}`,
    );
  }
  throw new Error("expected issues");
}

const PAIRWISE = `id: five-level
version: 2
mode: pairwise
variables: [question, answer_a, answer_b]
user: |
  {{question}}
  A: {{answer_a}}
  B: {{answer_b}}
verdict:
  format: labels
  labels:
    "A>B": { preference: 1 }
    "A=B": { preference: 0.5 }
    "B>A": { preference: 0, strength: weak }
`;

describe("parseJudgeTemplate", () => {
  it("reads a YAML template with defaults (labels in [[…]], last match, case kept)", () => {
    const t = parseJudgeTemplate(PAIRWISE, "judge.yaml");
    expect(t).toMatchObject({ id: "five-level", version: 2, mode: "pairwise" });
    expect(t.verdict).toMatchObject({ format: "labels", pick: "last", uppercase: false });
    expect(t.verdict.format === "labels" && t.verdict.labels["B>A"]).toEqual({
      preference: 0,
      strength: "weak",
    });
    const [user] = renderTemplate(t, { question: "q", answer_a: "x", answer_b: "y" });
    expect(user?.content).toBe("q\nA: x\nB: y\n");
    expect(parseVerdict(t, "I pick [[A=B]]")).toMatchObject({
      ok: true,
      verdict: { preference: 0.5 },
    });
  });

  it("reads a regex template with two scores (pairwise by scores) and a JSON listwise one", () => {
    const scores = parseJudgeTemplate(
      `{"id": "pair-scores", "version": 1, "mode": "pairwise",
        "variables": ["question", "answer_a", "answer_b"], "user": "{{question}} {{answer_a}} {{answer_b}}",
        "verdict": {"format": "regex", "pattern": "(?<score_a>\\\\d+)\\\\s+(?<score_b>\\\\d+)\\\\s*$"}}`,
      "t.json",
    );
    expect(parseVerdict(scores, "Review…\n8 9")).toMatchObject({
      ok: true,
      verdict: { preference: 0 },
    });
    expect(parseVerdict(scores, "Review…\n7 7")).toMatchObject({
      ok: true,
      verdict: { preference: 0.5 },
    });
    const list = parseJudgeTemplate(
      "id: l\nversion: 1\nmode: listwise\nvariables: [answers]\nuser: '{{answers}}'\nverdict: { format: json, field: ranking }\n",
      "l.yaml",
    );
    expect(parseVerdict(list, '{"ranking": [2, 3, 1]}')).toMatchObject({
      ok: true,
      verdict: { order: [1, 2, 0] },
    });
  });

  it("reports every problem with its line and key path", () => {
    expect(
      issues(`id: bad id
version: 0
mode: pairwise
variables: [question, answer_a]
user: "{{question}} {{answer_b}}"
verdict:
  format: labels
  labels: { A: { preference: 2 } }
`),
    ).toEqual([
      "1: id: must be letters, digits, '.', '_' and '-'",
      "2: version: Too small: expected number to be >0",
      "8: verdict.labels.A.preference: Too big: expected number to be <=1",
    ]);
  });

  it("checks what types cannot: undeclared placeholders, bad regexes, labels for the mode", () => {
    expect(
      issues(`id: t
version: 1
mode: pointwise
variables: [question]
user: "{{question}} {{answer}}"
verdict:
  format: regex
  pattern: "[unclosed"
  labels: { good: { preference: 1 } }
`),
    ).toEqual([
      "5: user: {{answer}} is not a declared variable (declare it in variables)",
      expect.stringMatching(/^8: verdict\.pattern: not a valid regular expression: /),
      "9: verdict.labels.good: a pointwise label needs a score",
    ]);
    expect(
      issues(
        "id: t\nversion: 1\nmode: pairwise\nvariables: []\nuser: x\nverdict: { format: regex, pattern: '\\d+' }\n",
      ),
    ).toEqual([
      "6: verdict.pattern: needs a capture group for the verdict",
      "6: verdict.pattern: needs the named group (?<score_a>…), or a group (?<label>…) and labels",
      "6: verdict.pattern: needs the named group (?<score_b>…), or a group (?<label>…) and labels",
    ]);
  });

  it("refuses labels that differ only in case when the text is upper-cased", () => {
    expect(
      issues(
        "id: t\nversion: 1\nmode: pairwise\nvariables: []\nuser: x\nverdict:\n  format: labels\n  uppercase: true\n  labels:\n    a: { preference: 1 }\n    A: { preference: 0 }\n",
      ),
    ).toEqual(['11: verdict.labels.A: is the same as "a" on upper-cased text']);
  });

  it("refuses unknown keys and a YAML syntax error, with the line", () => {
    expect(issues(`${PAIRWISE}temperature: 0\n`)).toEqual(["15: temperature: unknown key"]);
    expect(issues("id: [unclosed\n")).toEqual([expect.stringMatching(/^\d: \w*.*not valid YAML/)]);
  });

  it("loadJudgeTemplate reads a file, and names the file it cannot read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "prefkit-tpl-"));
    const file = join(dir, "judge.yaml");
    await writeFile(file, PAIRWISE);
    expect((await loadJudgeTemplate(file)).id).toBe("five-level");
    await expect(loadJudgeTemplate(join(dir, "missing.yaml"))).rejects.toMatchObject({
      code: "io",
      location: { file: join(dir, "missing.yaml") },
    });
  });
});

describe("user templates' verdict options", () => {
  it("pick: first takes the first score; a first-group pointwise regex needs no named group", () => {
    const t = parseJudgeTemplate(
      "id: p\nversion: 1\nmode: pointwise\nvariables: [answer]\nuser: '{{answer}}'\nverdict: { format: regex, pattern: 'Score: (\\d+)', pick: first, scale: { min: 0, max: 5 } }\n",
      "p.yaml",
    );
    expect(parseVerdict(t, "Score: 4 … later, Score: 2")).toMatchObject({
      ok: true,
      verdict: { score: 4 },
    });
    expect(parseVerdict(t, "Score: 9")).toMatchObject({ ok: false, code: "invalid_value" });
  });

  it("pointwise labels map words to scores, case-insensitively with uppercase", () => {
    const t = parseJudgeTemplate(
      "id: w\nversion: 1\nmode: pointwise\nvariables: [answer]\nuser: '{{answer}}'\nverdict: { format: labels, uppercase: true, labels: { good: { score: 1 }, bad: { score: 0 } } }\n",
      "w.yaml",
    );
    expect(parseVerdict(t, "Verdict: [[Good]]")).toMatchObject({ ok: true, verdict: { score: 1 } });
    expect(parseVerdict(t, "Verdict: [[meh]]")).toMatchObject({ ok: false, code: "unknown_label" });
  });

  it("flags: m lets ^ and $ mean a line's ends; other flags are refused", () => {
    const yaml = (flags: string) =>
      `id: f\nversion: 1\nmode: pointwise\nvariables: [answer]\nuser: '{{answer}}'\nverdict: { format: regex, pattern: '^(\\d+)$', flags: ${flags} }\n`;
    const t = parseJudgeTemplate(yaml("m"), "f.yaml");
    expect(parseVerdict(t, "Thoughts.\n7\nThat is all.")).toMatchObject({
      ok: true,
      verdict: { score: 7 },
    });
    expect(issues(yaml("g"))).toEqual([
      "6: verdict.flags: may hold only m (^ and $ at line ends) and s (. matches newlines)",
    ]);
  });
});

describe("the example templates in examples/judge-templates", () => {
  const example = (name: string) =>
    fileURLToPath(new URL(`../../../examples/judge-templates/${name}`, import.meta.url));

  it("two-scores.yaml: the higher score wins, equal scores tie, no scores line is a failure", async () => {
    const t = await loadJudgeTemplate(example("two-scores.yaml"));
    const user = renderTemplate(t, { question: "q", answer_a: "a", answer_b: "b" }).at(-1)!;
    expect(user.content).toContain("[Start of Assistant 2's answer]\nb\n");
    expect(parseVerdict(t, "…\nScores: 8 9")).toMatchObject({
      ok: true,
      verdict: { preference: 0 },
    });
    expect(parseVerdict(t, "…\nScores: 7.5, 6")).toMatchObject({
      ok: true,
      verdict: { preference: 1 },
    });
    expect(parseVerdict(t, "…\nScores: 7/7")).toMatchObject({
      ok: true,
      verdict: { preference: 0.5 },
    });
    expect(parseVerdict(t, "Assistant 1: 8/10")).toMatchObject({ ok: false, code: "no_verdict" });
  });

  it("reference-json.yaml: the score field, on its 0–5 scale", async () => {
    const t = await loadJudgeTemplate(example("reference-json.yaml"));
    expect(parseVerdict(t, '{"reason": "right", "score": 5}')).toMatchObject({
      ok: true,
      verdict: { score: 5 },
    });
    expect(parseVerdict(t, '{"score": 6}')).toMatchObject({ ok: false, code: "invalid_value" });
  });
});
