/**
 * Lease owners: the `<hostname>:<pid>:<random>` string round-trips, odd strings are refused, and
 * only this host's dead processes are taken back (never another host's, a live one's, or ours).
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import {
  formatLeaseOwner,
  parseLeaseOwner,
  stoppedLocalOwners,
} from "../../src/jobs/lease-owner.js";

it("formats and parses an owner, a host with colons included", () => {
  expect(formatLeaseOwner({ host: "box", pid: 1234, nonce: "9f3a01bc" })).toBe("box:1234:9f3a01bc");
  expect(parseLeaseOwner("box:1234:9f3a01bc")).toEqual({
    host: "box",
    pid: 1234,
    nonce: "9f3a01bc",
  });
  expect(parseLeaseOwner("fe80::1:77:ab")).toEqual({ host: "fe80::1", pid: 77, nonce: "ab" });
  expect(parseLeaseOwner("h:42:6b1c0d2e-5f2a-4c1e-9a0b-1c2d3e4f5a6b")?.pid).toBe(42);
});

it("refuses strings that are not host:pid:random", () => {
  for (const owner of [
    "",
    "w1",
    "child:123",
    "box:abc:ff",
    "box:0:ff",
    "box:-5:ff",
    "box:012:ff",
    ":12:ff",
    "box:12:",
    "box:99999999999:ff",
  ]) {
    expect(parseLeaseOwner(owner), owner).toBeUndefined();
  }
});

it("round-trips every owner it formats (property)", () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1 }),
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      fc.stringMatching(/^[0-9a-f]{1,32}$/),
      (host, pid, nonce) => {
        expect(parseLeaseOwner(formatLeaseOwner({ host, pid, nonce }))).toEqual({
          host,
          pid,
          nonce,
        });
      },
    ),
  );
});

it("takes back only this host's dead processes", () => {
  const alive = new Set([20, 30]);
  const asked: number[] = [];
  const stopped = stoppedLocalOwners(
    [
      "here:10:aa", // dead, here
      "here:20:bb", // alive, here
      "there:11:cc", // another host: never asked about
      "here:99:dd", // this very process
      "here.example:12:ee", // a host whose name only starts like ours
      "worker-1", // not ours to read
      "here:13:ff", // dead, here
    ],
    {
      host: "here",
      selfPid: 99,
      isAlive: (pid) => {
        asked.push(pid);
        return alive.has(pid);
      },
    },
  );
  expect(stopped).toEqual([
    { owner: "here:10:aa", pid: 10 },
    { owner: "here:13:ff", pid: 13 },
  ]);
  expect(asked).toEqual([10, 20, 13]);
});

it("takes back nothing when every local process is alive, or from an empty list", () => {
  const here = { host: "h", selfPid: 1, isAlive: () => true };
  expect(stoppedLocalOwners(["h:5:aa", "h:6:bb"], here)).toEqual([]);
  expect(stoppedLocalOwners([], { ...here, isAlive: () => false })).toEqual([]);
});
