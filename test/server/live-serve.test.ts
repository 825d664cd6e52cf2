/**
 * `serve()` with live systems checks every API key variable before it opens the store or
 * listens: a missing key is reported at start, naming the variable and never a value.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { serve } from "../../src/server/serve.js";
import { liveSystems } from "./live-fixture.js";

it("refuses to start while a live system's key variable is unset, naming it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prefkit-live-serve-"));
  try {
    const systems = liveSystems("http://127.0.0.1:9/v1");
    const start = serve({
      db: `sqlite:${join(dir, "never.db")}`,
      port: 0,
      host: "127.0.0.1",
      print: () => {},
      signals: false,
      live: { systems, env: { OTHER: "sk-not-this-one-123456" } },
    });
    await expect(start).rejects.toThrow(/LIVE_KEY_VAR_ZQ8/);
    await expect(start).rejects.not.toThrow(/sk-not-this-one/);
    // Nothing was opened: the database file was never made.
    expect(() => rmSync(join(dir, "never.db"))).toThrow();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
