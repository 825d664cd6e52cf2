#!/usr/bin/env node
/**
 * bench/web: how soon an annotator can vote, and what the browser downloads.
 *  1. Time to an interactive arena pair: a fresh browser context (empty cache) opens the arena
 *     of the demo project on loopback, and the clock stops when both responses are on screen and
 *     the vote buttons are enabled. Median and worst of --runs runs, cold (new context each run)
 *     and warm (the same context, reloaded: assets from cache, the API asked again).
 *  2. The shipped JavaScript and CSS, raw and gzip-compressed (level 9, as a server would send it).
 * The server is the built CLI (`node dist/cli/main.js serve --demo`), on a fresh SQLite file;
 * Chromium is the Debian package, driven by playwright-core.
 *
 *   npm run build && node bench/web/run.mjs [--runs 20]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ADMIN_KEY = "pk_bench_web_admin_key_0123456789abcdef";
const CHROMIUM = process.env.PREFKIT_CHROMIUM ?? "/usr/bin/chromium";
const { values: args } = parseArgs({ options: { runs: { type: "string", default: "20" } } });
const RUNS = Number(args.runs);

function assetSizes() {
  const dir = join(ROOT, "dist/web/assets");
  const sizes = { js: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 } };
  for (const name of readdirSync(dir)) {
    const kind = name.endsWith(".js") ? "js" : name.endsWith(".css") ? "css" : undefined;
    if (!kind) continue;
    const bytes = readFileSync(join(dir, name));
    sizes[kind].raw += bytes.length;
    sizes[kind].gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return sizes;
}

function startServer(db) {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, "dist/cli/main.js"),
      "serve",
      "--demo",
      "--db",
      `sqlite:${db}`,
      "--port",
      "0",
      "--rate-limit",
      "100000000",
    ],
    { env: { ...process.env, PREFKIT_ADMIN_KEY: ADMIN_KEY }, stdio: ["ignore", "ignore", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let text = "";
    child.stderr.on("data", (chunk) => {
      text += chunk;
      const url = /serving (http:\/\/\S+)\/api/.exec(text)?.[1];
      if (url) resolve({ child, url });
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}): ${text}`)));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** From the start of `navigate` to a pair on screen with its vote buttons enabled. */
async function timeToPair(page, navigate) {
  const start = performance.now();
  await navigate();
  await page.getByTestId("response-b").waitFor();
  await page.locator("fieldset.choices:not([disabled]) button").first().waitFor();
  return performance.now() - start;
}

const directory = mkdtempSync(join(tmpdir(), "prefkit-bench-web-"));
const server = await startServer(join(directory, "bench.db"));
try {
  const invite = await fetch(`${server.url}/api/annotators`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench", role: "annotator", projects: ["demo"] }),
  }).then((r) => r.json());
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const arena = `${server.url}/#/projects/demo/arena`;
  const cold = [];
  const warm = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    // The token is in localStorage before the page loads, as after following an invite link.
    await context.addInitScript(
      (token) => localStorage.setItem("prefkit.token", token),
      invite.token,
    );
    const page = await context.newPage();
    cold.push(await timeToPair(page, () => page.goto(arena)));
    warm.push(await timeToPair(page, () => page.reload()));
    await context.close();
  }
  await browser.close();
  const sizes = assetSizes();
  const ms = (x) => `${x.toFixed(0)} ms`;
  const kb = (x) => `${(x / 1024).toFixed(1)} kB`;
  console.log(`time to an interactive arena pair (${RUNS} runs, loopback):`);
  console.log(`  cold (empty cache): median ${ms(median(cold))}, worst ${ms(Math.max(...cold))}`);
  console.log(`  warm (cached assets): median ${ms(median(warm))}, worst ${ms(Math.max(...warm))}`);
  console.log(`shipped JavaScript: ${kb(sizes.js.raw)} raw, ${kb(sizes.js.gzip)} gzip`);
  console.log(`shipped CSS: ${kb(sizes.css.raw)} raw, ${kb(sizes.css.gzip)} gzip`);
} finally {
  server.child.kill("SIGTERM");
  rmSync(directory, { recursive: true, force: true });
}
