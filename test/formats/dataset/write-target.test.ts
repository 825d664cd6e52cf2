import { describe, expect, it } from "vitest";
import {
  checkWritableTarget,
  TargetError,
  targetErrorOf,
} from "../../../src/formats/dataset/write-target.js";

const systemError = (code: string) => Object.assign(new Error(code), { code });

describe("targetErrorOf", () => {
  it.each([
    ["ENOENT", "missing_directory", "out/x.jsonl: directory out does not exist"],
    ["ENOTDIR", "not_a_directory", "out/x.jsonl: out is not a directory"],
    ["EISDIR", "is_directory", "out/x.jsonl: is a directory, not a file"],
    ["EACCES", "not_writable", "out/x.jsonl: directory out is not writable"],
    ["EPERM", "not_writable", "out/x.jsonl: directory out is not writable"],
    ["EROFS", "not_writable", "out/x.jsonl: directory out is not writable"],
  ])("tells %s as a TargetError %s naming the target", (errno, code, message) => {
    const error = targetErrorOf("out/x.jsonl", systemError(errno));
    expect(error).toBeInstanceOf(TargetError);
    expect(error).toMatchObject({ kind: code, path: "out/x.jsonl", message });
  });

  it("leaves an error that says nothing about the target alone", () => {
    expect(targetErrorOf("x.jsonl", systemError("ENOSPC"))).toBeUndefined();
    expect(targetErrorOf("x.jsonl", new Error("plain"))).toBeUndefined();
    expect(targetErrorOf("x.jsonl", undefined)).toBeUndefined();
  });
});

describe("checkWritableTarget", () => {
  it("names the directory as the target path gives it", () => {
    expect(() => checkWritableTarget("no/such/dir/x.parquet")).toThrowErrorMatchingInlineSnapshot(
      `[TargetError: no/such/dir/x.parquet: directory no/such/dir does not exist]`,
    );
  });
});
