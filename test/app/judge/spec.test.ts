/**
 * parseJudgeSpec: a stored spec read back with its types, every built-in template surviving the
 * round trip through JSON unchanged, and the problems a worker must refuse named by field.
 */
import { describe, expect, it } from "vitest";
import { JobFingerprint, parseJudgeSpec } from "../../../src/app/judge/spec.js";
import type { JudgeSpec } from "../../../src/app/judge/types.js";
import { ARENA_HARD, BUILTIN_TEMPLATES } from "../../../src/llm/judge/builtin.js";
import type { LlmSystem } from "../../../src/llm/types.js";

const judge = (id: string): LlmSystem => ({
  id,
  model: id,
  baseUrl: "http://127.0.0.1:1/v1",
  apiKeyEnv: "KEY",
  params: { temperature: 0, max_tokens: 1024 },
  price: { inputPerMillion: 1, outputPerMillion: 2 },
  concurrency: 4,
  timeoutMs: 1000,
  stream: false,
  family: "gpt",
});

const spec = (extra: Partial<JudgeSpec> = {}): JudgeSpec => ({
  version: 1,
  judges: [judge("j1")],
  template: ARENA_HARD,
  orders: "both",
  combine: "arena-hard",
  strongWeight: 3,
  permutations: 1,
  parseAttempts: 3,
  output: { kind: "file", path: "/tmp/out.jsonl", format: "canonical" },
  ...extra,
});

const stored = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe("parseJudgeSpec", () => {
  it.each(BUILTIN_TEMPLATES.map((t) => [t.id, t] as const))(
    "reads back a spec with template %s exactly as it was stored",
    (_id, template) => {
      const s = spec({
        template,
        judges: [judge("j1"), judge("j2")],
        jury: "majority",
        freshNonce: "n1",
        output: { kind: "project", projectId: "proj" },
      });
      expect(parseJudgeSpec(stored(s), "job-1")).toEqual(s);
    },
  );

  it.each([
    [{ version: 2 }, "version"],
    [{ judges: [] }, "judges"],
    [{ orders: "three" }, "orders"],
    [{ parseAttempts: 0 }, "parseAttempts"],
    [{ parseAttempts: 11 }, "parseAttempts"],
    [{ permutations: 1.5 }, "permutations"],
    [{ output: { kind: "file", path: "/x", format: "csv" } }, "output.format"],
    [{ jury: "mean" }, "jury"],
    [{ judges: [judge("a"), judge("a")] }, "judges.1.id"],
  ])("refuses %j, naming %s", (change, field) => {
    const error = (() => {
      try {
        parseJudgeSpec(stored({ ...spec(), ...change }), "job-9");
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(new RegExp(`^job job-9 has no valid judge spec \\(${field}: `));
  });

  it("checks the template as a template file is: a pattern that does not compile is named", () => {
    const broken = {
      ...ARENA_HARD,
      verdict: { ...ARENA_HARD.verdict, patterns: ["[[(unclosed"] },
    };
    expect(() => parseJudgeSpec(stored(spec({ template: broken })), "job-3")).toThrow(
      /^job job-3 has no valid judge spec \(template\.verdict\.patterns\.0: not a valid regular expression/,
    );
    const undeclared = { ...ARENA_HARD, user: "{{question}} {{answer}}" };
    expect(() => parseJudgeSpec(stored(spec({ template: undeclared })), "job-3")).toThrow(
      "job job-3 has no valid judge spec (template.user: {{answer}} is not a declared variable (declare it in variables))",
    );
  });
});

describe("JobFingerprint", () => {
  it("is the same for the same spec and items, and ignores the fresh nonce's value", () => {
    const digest = (s: JudgeSpec, items: [string, unknown][]) => {
      const f = new JobFingerprint(s);
      for (const [k, p] of items) f.add(k, p);
      return f.digest();
    };
    const items: [string, unknown][] = [["a", { x: 1 }]];
    expect(digest(spec(), items)).toBe(digest(spec(), items));
    expect(digest(spec({ freshNonce: "1" }), items)).toBe(digest(spec({ freshNonce: "2" }), items));
    expect(digest(spec({ freshNonce: "1" }), items)).not.toBe(digest(spec(), items));
    expect(digest(spec({ orders: "one" }), items)).not.toBe(digest(spec(), items));
    expect(digest(spec(), [["a", { x: 2 }]])).not.toBe(digest(spec(), items));
  });
});
