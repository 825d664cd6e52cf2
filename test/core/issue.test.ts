import { describe, expect, it } from "vitest";
import { describeIssue, IssueError, invalidField, issuesOf } from "../../src/core/issue.js";

describe("issues", () => {
  it("renders file:line (row group): item: field: reason, each part only when known", () => {
    expect(describeIssue({ code: "invalid", message: "missing field" })).toBe("missing field");
    expect(
      describeIssue({
        code: "invalid",
        message: "expected text",
        location: { file: "a.jsonl", line: 3, field: "chosen.0.role" },
      }),
    ).toBe("a.jsonl:3: chosen.0.role: expected text");
    expect(
      describeIssue({
        code: "invalid",
        message: "bad",
        location: { file: "x.parquet", line: 7, rowGroup: 1, field: "(record)" },
      }),
    ).toBe("x.parquet:7 (row group 1): bad");
    expect(
      describeIssue({ code: "invalid", message: "bad", location: { line: 2, field: "winner" } }),
    ).toBe("line 2: winner: bad");
    expect(
      describeIssue({
        code: "already_judged",
        message: "judged",
        location: { index: 1, field: "task" },
      }),
    ).toBe("item 1: task: judged");
  });

  it("carries every issue, headed by the first, and crosses threads as data", () => {
    const error = new IssueError(
      { code: "invalid", message: "one", location: { field: "a" } },
      { code: "invalid", message: "two", location: { field: "b" } },
    );
    expect(error.message).toBe("a: one");
    expect(error.code).toBe("invalid");
    expect(error.location).toEqual({ field: "a" });
    const copied = structuredClone(issuesOf(error));
    expect(copied).toEqual(error.issues);
    expect(issuesOf(new Error("x"))).toBeUndefined();
    expect(invalidField("k", "bad", { file: "f", line: 1 }).message).toBe("f:1: k: bad");
  });
});
