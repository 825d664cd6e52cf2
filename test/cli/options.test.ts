/** Option parsers of the CLI: `--trust-proxy`. */
import { describe, expect, it } from "vitest";
import { trustProxy } from "../../src/cli/options.js";

describe("--trust-proxy", () => {
  it.each<[string, unknown]>([
    ["true", true],
    ["false", false],
    ["1", 1],
    ["127.0.0.1", ["127.0.0.1"]],
    ["10.0.0.0/8, ::1", ["10.0.0.0/8", "::1"]],
  ])("reads %s", (value, expected) => {
    expect(trustProxy(value)).toEqual(expected);
  });

  it.each(["", "yes", "nginx.local", "10.0.0.0/8,evil host"])("refuses %j", (value) => {
    expect(() => trustProxy(value)).toThrow(
      "--trust-proxy takes true, a hop count, or addresses and CIDR ranges separated by commas",
    );
  });
});
