/** FaultLog: the first occurrence of a fault in full, repeats as a count per interval. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FaultLog } from "../../src/server/fault-log.js";
import { storageFault } from "../../src/server/storage-faults.js";

describe("FaultLog", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("logs a fault once, then counts its repeats once per interval until it stops", () => {
    const lines: string[] = [];
    const log = new FaultLog((message) => lines.push(message), 60_000);
    for (let i = 0; i < 1000; i++) log.report("full", "storage fault: the disk is full");
    expect(lines).toEqual(["storage fault: the disk is full"]);
    vi.advanceTimersByTime(60_000);
    expect(lines.at(-1)).toBe("storage fault: the disk is full (again 999 times within 60 s)");
    log.report("full", "storage fault: the disk is full");
    vi.advanceTimersByTime(60_000);
    expect(lines.at(-1)).toBe("storage fault: the disk is full (again 1 time within 60 s)");
    // A quiet interval ends the episode; the next occurrence is logged in full again.
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(3);
    log.report("full", "storage fault: the disk is full");
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)).toBe("storage fault: the disk is full");
  });

  it("keeps conditions apart, and writes what it counted when closed", () => {
    const lines: string[] = [];
    const log = new FaultLog((message) => lines.push(message));
    log.report("a", "fault a");
    log.report("b", "fault b");
    log.report("a", "fault a");
    log.close();
    expect(lines).toEqual(["fault a", "fault b", "fault a (again 1 time within 60 s)"]);
  });
});

describe("storageFault", () => {
  const err = (code: string, message = "x") => Object.assign(new Error(message), { code });
  it.each([
    ["SQLITE_FULL", "the disk is full"],
    ["SQLITE_IOERR_FSYNC", "the database cannot read or write its files (I/O error)"],
    ["SQLITE_READONLY_DBMOVED", "the database is read-only"],
    ["SQLITE_CANTOPEN", "the database cannot be opened"],
    ["SQLITE_BUSY", "the database is busy"],
    ["53100", "the disk is full"],
    ["53300", "the database is out of resources (memory, connections)"],
    ["57P01", "the database cannot be reached"],
    ["08006", "the database cannot be reached"],
    ["25006", "the database is read-only"],
    ["ECONNREFUSED", "the database cannot be reached"],
    ["ENOSPC", "the disk is full"],
    ["EROFS", "the database is read-only"],
    ["EPIPE", "the database cannot be reached"],
  ])("%s is a storage fault: %s", (code, condition) => {
    expect(storageFault(err(code))?.condition).toBe(condition);
  });

  it("knows pg's lost connections by their message, and looks at an error's cause", () => {
    expect(storageFault(new Error("Connection terminated unexpectedly"))?.condition).toBe(
      "the database cannot be reached",
    );
    expect(storageFault(new Error("wrapped", { cause: err("SQLITE_FULL") }))?.condition).toBe(
      "the disk is full",
    );
  });

  it.each(["SQLITE_CONSTRAINT_UNIQUE", "23505", "42P01", "XX000", "ENOENT", undefined])(
    "%s is not a storage fault",
    (code) => {
      expect(storageFault(code === undefined ? new Error("bug") : err(code))).toBeUndefined();
    },
  );
});
