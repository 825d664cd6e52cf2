/**
 * The arena in Chromium: vote, reveal, next — and no system name anywhere the browser could
 * see it (the page, or any response it received) before the vote is stored.
 */
import { expect, it } from "vitest";
import { describeBrowser, errorsOf, screenshot, unlabelledControls, useUi } from "./harness.js";

describeBrowser("arena in the browser", () => {
  const ui = useUi();

  /** Every system name of the demo project, from the admin's export. */
  async function systemNames(): Promise<string[]> {
    const r = await ui().api("GET", "/api/projects/demo/export?format=prefkit");
    return String(r.body)
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .filter((record) => record.type === "system")
      .map((record) => record.id as string);
  }

  it("votes, reveals the systems only after the vote is stored, and loads the next pair", async () => {
    const names = await systemNames();
    expect(names.length).toBeGreaterThan(3);
    const { token, id } = await ui().invite("Arena voter", ["demo"]);
    const received: { url: string; body: string }[] = [];
    const page = await ui().open(token);
    page.on("response", async (response) => {
      const body = await response.text().catch(() => "");
      received.push({ url: response.url(), body });
    });
    const task = page.waitForResponse((r) => r.url().includes("/tasks/next"));
    await page.goto(`${ui().url}/#/projects/demo/arena`);
    const taskBody = await (await task).text();
    await page.getByTestId("response-a").waitFor();
    await screenshot(page, "arena");
    expect(await unlabelledControls(page)).toEqual([]);
    // The check itself finds a control nobody could name (then the page is put back).
    await page.evaluate(
      `document.body.insertAdjacentHTML("beforeend", '<input id="unnamed-probe">')`,
    );
    expect(await unlabelledControls(page)).toEqual(['<input id="unnamed-probe">']);
    await page.evaluate(`document.getElementById("unnamed-probe").remove()`);
    const firstPair = `${await page.locator(".prompt").textContent()}${await page.locator(".sides").textContent()}`;

    // Before the vote: no name on the page, none in anything the browser was sent.
    const before = await page.content();
    await page.waitForLoadState("networkidle");
    // The task itself was sent (and seen here), and so were the page's own files.
    expect(taskBody).toContain('"candidates"');
    expect(received.some((r) => r.url.includes("/tasks/next"))).toBe(true);
    for (const name of names) {
      expect(taskBody, `the task names ${name}`).not.toContain(name);
      expect(before, `page before the vote shows ${name}`).not.toContain(name);
      for (const r of received) {
        expect(r.body, `${r.url} was sent before the vote and names ${name}`).not.toContain(name);
      }
    }
    const sentBefore = received.length;

    await page.getByRole("button", { name: /A is better/ }).click();
    const revealA = await page.getByTestId("reveal-a").textContent();
    const revealB = await page.getByTestId("reveal-b").textContent();
    const shown = names.filter((n) => revealA?.includes(n) || revealB?.includes(n));
    expect(shown).toHaveLength(2);
    expect(revealA).toContain("your pick");
    await screenshot(page, "arena-revealed");

    // The names came with the stored vote's answer, and the vote is in the store.
    const vote = received.slice(sentBefore).find((r) => r.url.endsWith("/judgments"));
    expect(vote?.body).toContain(shown[0]);
    const stored = await ui().api("GET", `/api/projects/demo/judgments?annotator=${id}`);
    const mine = stored.body.judgments;
    expect(mine).toHaveLength(1);
    expect(mine[0].outcome).toBe("a");

    // Next: a new pair, names hidden again.
    await page.getByRole("button", { name: /Next pair/ }).click();
    await expect.poll(() => page.getByTestId("reveal-a").count()).toBe(0);
    await page.getByRole("button", { name: /Tie/ }).waitFor();
    const secondPair = await page.locator(".sides").textContent();
    for (const name of names) expect(secondPair).not.toContain(name);
    // Never the pair just judged (the next-task rule), so the page has changed.
    expect(`${await page.locator(".prompt").textContent()}${secondPair}`).not.toBe(firstPair);
    expect(errorsOf(page)).toEqual([]);
  });

  it("votes with the keyboard alone: 2 for B, N for the next pair, a rationale kept", async () => {
    const { token, id } = await ui().invite("Keyboard voter", ["demo"]);
    const page = await ui().open(token, "#/projects/demo/arena");
    await page.getByTestId("response-a").waitFor();
    await page.getByLabel("Why? (optional)").fill("B explains more");
    await page.getByLabel("Why? (optional)").blur();
    await page.keyboard.press("2");
    await page.getByTestId("reveal-b").waitFor();
    await page.keyboard.press("n");
    // The next pair is on screen once the names are gone and the vote buttons are back.
    await expect.poll(() => page.getByTestId("reveal-b").count()).toBe(0);
    await page.getByRole("button", { name: /Tie/ }).waitFor();
    await page.keyboard.press("t");
    await page.getByTestId("reveal-a").waitFor();
    const stored = await ui().api(
      "GET",
      `/api/projects/demo/judgments?annotator=${encodeURIComponent(id)}`,
    );
    expect(stored.body.judgments.map((j: { outcome: string }) => j.outcome)).toEqual(["b", "tie"]);
    expect(stored.body.judgments[0].rationale).toBe("B explains more");
    expect(errorsOf(page)).toEqual([]);
  });

  it("fits a phone screen: responses stacked, vote buttons reachable", async () => {
    const { token } = await ui().invite("Phone voter", ["demo"]);
    const page = await ui().open(token, "#/projects/demo/arena", { width: 390, height: 844 });
    await page.getByTestId("response-a").waitFor();
    const a = await page.getByTestId("response-a").boundingBox();
    const b = await page.getByTestId("response-b").boundingBox();
    expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
    expect(a!.width).toBeLessThanOrEqual(390);
    const scrollWidth = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
          .document.documentElement.scrollWidth,
    );
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await screenshot(page, "arena-phone");
    await page.getByRole("button", { name: /B is better/ }).click();
    await page.getByTestId("reveal-b").waitFor();
  });
});
