/**
 * Sign-in hygiene (issue 10): an invite link's token never stays in the address bar nor shows on
 * the page — also when the link is opened in a tab already running prefkit — and a link never
 * replaces the signed-in person without asking (login CSRF).
 */
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { describeBrowser, errorsOf, type Json, useUi } from "./harness.js";

/** Opens `#token=…` in the running page: a hash change, not a fresh load. */
async function followLink(page: Page, token: string): Promise<void> {
  await page.evaluate((t) => {
    (globalThis as Json).location.hash = `#token=${encodeURIComponent(t)}`;
  }, token);
}

/** From now on, records whether the token is ever in the page (text or attributes). */
async function watchFor(page: Page, token: string): Promise<void> {
  await page.evaluate((t) => {
    const w = globalThis as Json;
    const seen: string[] = [];
    w.__tokenSeen = seen;
    const check = () => {
      const text: string = w.document.body.textContent;
      const html: string = w.document.documentElement.outerHTML;
      if (text.includes(t)) seen.push(`on the page: ${text}`);
      else if (html.includes(t) || html.includes(encodeURIComponent(t))) seen.push("in the HTML");
      if (w.location.href.includes("token=")) seen.push("in the address bar");
    };
    new w.MutationObserver(check).observe(w.document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    w.addEventListener("hashchange", () => setTimeout(check, 0));
  }, token);
}

/** Where the watched token was seen, once per check that found it. */
async function tokenSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => [...new Set<string>((globalThis as Json).__tokenSeen)]);
}

const _stored = (page: Page): Promise<string | null> =>
  page.evaluate(() => (globalThis as Json).localStorage.getItem("prefkit.token"));

describeBrowser("sign-in hygiene in the browser", () => {
  const ui = useUi();

  it("takes an invite link opened in a running tab out of the address bar and never shows it", async () => {
    const { token: alice } = await ui().invite("Alice Running", ["demo"]);
    const { token: bob } = await ui().invite("Bob Running", ["demo"]);

    // Signed in, the person's own link again (a bookmark, a second click): no question, no trace.
    const page = await ui().open(alice, "#/projects/demo/leaderboard");
    await watchFor(page, alice);
    await followLink(page, alice);
    await page.waitForTimeout(500);
    expect(await tokenSeen(page)).toEqual([]);
    expect(page.url()).not.toContain("token");
    expect(await page.locator(".topbar .who").textContent()).toContain("Alice Running");
    expect(await page.getByRole("alertdialog").count()).toBe(0);

    // Signed out, on the sign-in page of a running tab: the link signs in, as on a fresh load.
    const tab = await page.context().newPage();
    await tab.goto(`${ui().url}/`);
    await tab.evaluate(() => (globalThis as Json).localStorage.removeItem("prefkit.token"));
    await tab.reload();
    await tab.getByRole("heading", { name: "Sign in" }).waitFor();
    await watchFor(tab, bob);
    await followLink(tab, bob);
    await tab.locator(".topbar .who", { hasText: "Bob Running" }).waitFor({ timeout: 10_000 });
    expect(tab.url()).not.toContain("token");
    expect(await tokenSeen(tab)).toEqual([]);
    expect(errorsOf(page)).toEqual([]);
  });
});
