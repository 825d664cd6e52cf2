import { describe, expect, it } from "vitest";
import { IssueError, issuesOf } from "../../src/core/issue.js";
import { StoreError } from "../../src/store/store.js";

describe("StoreError", () => {
  it("is an IssueError whose issue holds the code, the reason and where: field and item", () => {
    const error = new StoreError("unknown_reference", "a", "unknown candidate", 3, "judgments");
    expect(error).toBeInstanceOf(IssueError);
    expect(error.issues).toEqual([
      {
        code: "unknown_reference",
        message: "unknown candidate",
        location: { field: "a", index: 3 },
      },
    ]);
    expect(error.code).toBe("unknown_reference");
    expect(error.location).toEqual({ field: "a", index: 3 });
    expect(error.part).toBe("judgments");
  });

  it("keeps the store's own wording and name", () => {
    expect(new StoreError("invalid", "limit", "expected a positive integer")).toMatchObject({
      name: "StoreError",
      message: "limit: expected a positive integer",
    });
    expect(new StoreError("duplicate_id", "id", "already stored", 0).message).toBe(
      "0.id: already stored",
    );
  });

  it("crosses a thread as plain issues, with no index when there is none", () => {
    const issues = issuesOf(new StoreError("not_found", "id", 'no project "p9"'));
    expect(structuredClone(issues)).toEqual([
      { code: "not_found", message: 'no project "p9"', location: { field: "id" } },
    ]);
  });
});
