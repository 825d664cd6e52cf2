/**
 * The browser suites' harness: a real `prefkit serve` (in this process, on a fresh SQLite file,
 * seeded with the demo project, serving the built UI from dist/web) and real headless Chromium —
 * the Debian package, driven by playwright-core; no browser is ever downloaded.
 *
 * Without Chromium or a built UI the suites skip and say why, unless PREFKIT_REQUIRE_BROWSER=1
 * (CI), where that is a failure.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type RunningServer, type ServeOptions, serve } from "../../src/server/serve.js";
import { DEFAULT_WEB_ROOT } from "../../src/server/web-ui.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CHROMIUM = process.env.PREFKIT_CHROMIUM ?? "/usr/bin/chromium";
export const ADMIN_KEY = "pk_browser_suite_admin_key_0123456789";
/** Screenshots of every page, kept as the suite's artifacts (not committed). */
export const SCREENSHOTS = join(ROOT, "test-artifacts", "screenshots");

/** Flags for Chromium on a machine with no outside network (see the README's notes). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
];

export function browserAbsent(): string | undefined {
  if (!existsSync(CHROMIUM)) {
    return `no Chromium at ${CHROMIUM} (install the Debian package chromium, or set PREFKIT_CHROMIUM)`;
  }
  if (!existsSync(join(DEFAULT_WEB_ROOT, "index.html"))) {
    return "the web UI is not built (run npm run build)";
  }
  return undefined;
}

/** A describe block that needs the browser: skipped with the reason when there is none. */
export function describeBrowser(name: string, body: () => void): void {
  const absent = browserAbsent();
  if (absent === undefined) {
    describe(name, body);
  } else if (process.env.PREFKIT_REQUIRE_BROWSER === "1") {
    it(`${name}: Chromium and the built UI are required (PREFKIT_REQUIRE_BROWSER=1)`, () => {
      throw new Error(absent);
    });
  } else {
    describe.skip(`${name} (skipped: ${absent})`, body);
  }
}

/** Parsed JSON answers, read loosely: the API suites pin their exact shapes. */
// biome-ignore lint/suspicious/noExplicitAny: test code reads answers field by field
export type Json = any;

export interface Ui {
  url: string;
  server: RunningServer;
  browser: Browser;
  /** The API as the admin (or as `token`): status and parsed JSON body. */
  api(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; body: Json }>;
  /** A fresh browser context (its own storage) signed in with the token, on `path`. */
  open(token: string, path?: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** An annotator (or viewer) of the projects, with their token. */
  invite(
    name: string,
    projects: string[],
    role?: "annotator" | "viewer" | "admin",
  ): Promise<{ id: string; token: string }>;
}

/**
 * Starts a server and a browser for the enclosing describe block; both stop after it. `live`
 * gives the server live systems, asked for when it starts (after the block's earlier
 * `beforeAll`s, e.g. one that starts a fake model server).
 */
export function useUi(
  options: { allowExternalImages?: boolean; live?: () => ServeOptions["live"] } = {},
): () => Ui {
  let ui: Ui | undefined;
  let directory: string | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "prefkit-ui-"));
    const server = await serve({
      db: `sqlite:${join(directory, "ui.db")}`,
      port: 0,
      host: "127.0.0.1",
      adminKey: ADMIN_KEY,
      // The sources run here, not the build: no compiled worker script to start.
      fits: { workers: false },
      demo: {
        canonical: readFileSync(join(ROOT, "examples/canonical-demo.jsonl")),
        arena: readFileSync(join(ROOT, "examples/arena-demo.jsonl")),
      },
      print: () => {},
      rateLimit: { max: 1_000_000, timeWindow: 60_000 },
      signals: false,
      ...(options.allowExternalImages === undefined
        ? {}
        : { allowExternalImages: options.allowExternalImages }),
      ...(options.live ? { live: options.live() } : {}),
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // Like cli-server.ts's api(), but a non-JSON answer stays text here instead of throwing.
    const api: Ui["api"] = async (method, path, body, token = ADMIN_KEY) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {}
      return { status: response.status, body: parsed };
    };
    ui = {
      url: server.url,
      server,
      browser,
      api,
      async open(token, path = "#/", viewport = { width: 1280, height: 900 }) {
        const context = await browser.newContext({ viewport });
        contexts.push(context);
        const page = await context.newPage();
        const errors: string[] = [];
        pageErrors.set(page, errors);
        page.on("pageerror", (error) => errors.push(error.message));
        await page.goto(`${server.url}/#token=${encodeURIComponent(token)}`);
        await page.waitForSelector(".topbar .who");
        if (path !== "#/") await page.goto(`${server.url}/${path}`);
        return page;
      },
      async invite(name, projects, role = "annotator") {
        const r = await api("POST", "/api/annotators", { name, role, projects });
        if (r.status !== 201) throw new Error(`invite failed: ${JSON.stringify(r.body)}`);
        return { id: r.body.annotator.id, token: r.body.token };
      },
    };
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await ui?.browser.close();
    await ui?.server.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });
  return () => {
    if (!ui) throw new Error("the UI is not started (useUi's beforeAll has not run)");
    return ui;
  };
}

const pageErrors = new WeakMap<Page, string[]>();

/** Uncaught errors the page's scripts threw (each test expects none). */
export function errorsOf(page: Page): readonly string[] {
  return pageErrors.get(page) ?? [];
}

/**
 * Form controls and buttons a screen reader could not name: no label, no aria-label or
 * aria-labelledby, no text. Each page's test expects none.
 */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.locator("input, select, textarea, button").evaluateAll((elements) =>
    elements
      .filter((e) => {
        const labels = (e as unknown as { labels?: { length: number } }).labels;
        const named =
          (labels?.length ?? 0) > 0 ||
          e.getAttribute("aria-label") ||
          e.getAttribute("aria-labelledby") ||
          (e.tagName === "BUTTON" && (e.textContent ?? "").trim() !== "");
        return !named && e.getAttribute("type") !== "hidden";
      })
      .map((e) => e.outerHTML.slice(0, 120)),
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
