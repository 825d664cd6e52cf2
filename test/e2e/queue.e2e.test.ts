/**
 * Annotation queues in the browser, driven by the keyboard: graded pairs (A≫B … B≫A) with a
 * rationale, undo and skip; ranking by keyboard and by drag; ratings per criterion; thumbs.
 */
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import {
  describeBrowser,
  errorsOf,
  type Json,
  screenshot,
  unlabelledControls,
  useUi,
} from "./harness.js";

describeBrowser("annotation queues in the browser", () => {
  const ui = useUi();

  /** A queue project: `prompts` prompts, each answered once by every system. */
  async function project(
    id: string,
    settings: Record<string, unknown>,
    prompts: number,
    systems: string[],
  ) {
    const api = ui().api;
    expect((await api("POST", "/api/projects", { id, name: `Queue ${id}`, settings })).status).toBe(
      201,
    );
    const ps = Array.from({ length: prompts }, (_, i) => ({
      id: `${id}-p${i}`,
      messages: [{ role: "user", content: `Prompt number ${i}` }],
    }));
    expect((await api("POST", `/api/projects/${id}/prompts`, ps)).status).toBe(201);
    const cs = ps.flatMap((p) =>
      systems.map((s) => ({
        id: `${p.id}-${s}`,
        prompt: p.id,
        system: s,
        messages: [{ role: "assistant", content: `Answer by ${s} to ${p.id}` }],
      })),
    );
    expect((await api("POST", `/api/projects/${id}/candidates`, cs)).status).toBe(201);
    return ui().invite(`Annotator of ${id}`, [id]);
  }

  async function judgmentsOf(projectId: string, annotator: string) {
    const r = await ui().api("GET", `/api/projects/${projectId}/judgments?annotator=${annotator}`);
    return r.body.judgments as Json[];
  }

  const shownPrompt = (page: Page) => page.getByTestId("task").getAttribute("data-prompt");

  /**
   * Presses `key` on the task shown and waits until another showing of a task (or the end of
   * the queue) replaces it: a key pressed earlier would reach the old task, which takes none.
   */
  async function pressAndWait(page: Page, key: string): Promise<void> {
    const before = await page.getByTestId("task").getAttribute("data-showing");
    await page.keyboard.press(key);
    await expect
      .poll(async () =>
        (await page.getByTestId("task").count()) === 0
          ? "none"
          : page.getByTestId("task").getAttribute("data-showing"),
      )
      .not.toBe(before);
  }

  it("judges graded pairs with the keyboard alone, with rationale, undo and skip", async () => {
    const { token, id } = await project(
      "graded",
      { mode: "queue", task: "pair", strength: true },
      3,
      ["s1", "s2"],
    );
    const page = await ui().open(token, "#/projects/graded/queue");
    await page.getByTestId("task").waitFor();
    await expect.poll(() => page.getByTestId("progress").textContent()).toBe("0 of 3");
    await screenshot(page, "queue-pair");
    expect(await unlabelledControls(page)).toEqual([]);

    const first = await shownPrompt(page);
    await pressAndWait(page, "1"); // A ≫ B
    await expect.poll(() => page.getByTestId("progress").textContent()).toBe("1 of 3");
    const second = await shownPrompt(page);
    expect(second).not.toBe(first);

    // A rationale, typed, then Escape to leave the field and 4 for B > A.
    await page.getByLabel("Rationale (optional)").focus();
    await page.keyboard.type("B is clearer");
    await page.keyboard.press("Escape");
    await pressAndWait(page, "4");
    await expect.poll(() => page.getByTestId("progress").textContent()).toBe("2 of 3");
    let stored = await judgmentsOf("graded", id);
    expect(stored.map((j) => [j.prompt, j.outcome, j.strength])).toEqual([
      [first, "a", 1],
      [second, "b", 0.5],
    ]);
    expect(stored[1]!.rationale).toBe("B is clearer");

    // Undo (Z): the last judgment is gone and its task is shown again.
    await pressAndWait(page, "z");
    await expect.poll(() => page.getByTestId("progress").textContent()).toBe("1 of 3");
    expect(await shownPrompt(page)).toBe(second);
    stored = await judgmentsOf("graded", id);
    expect(stored.map((j) => j.prompt)).toEqual([first]);

    // Skip (S): another prompt; tie (3) on it.
    await pressAndWait(page, "s");
    expect(await shownPrompt(page)).not.toBe(second);
    const third = await shownPrompt(page);
    await pressAndWait(page, "3");
    await expect.poll(() => page.getByTestId("progress").textContent()).toBe("2 of 3");
    stored = await judgmentsOf("graded", id);
    expect(stored.map((j) => [j.prompt, j.outcome])).toEqual([
      [first, "a"],
      [third, "tie"],
    ]);
    // On a phone the two responses stack and nothing scrolls sideways.
    const phone = await ui().open(token, "#/projects/graded/queue", { width: 390, height: 844 });
    await phone.getByTestId("task").waitFor();
    const sideWidth = await phone
      .locator(".response")
      .first()
      .evaluate((e) => e.getBoundingClientRect().width);
    expect(sideWidth).toBeGreaterThan(300);
    expect(
      await phone.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
            .document.documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(390);
    await screenshot(phone, "queue-pair-phone");

    // Only the skipped one is left, offered again on request.
    await page.getByRole("button", { name: "Go back to the skipped ones" }).click();
    await expect.poll(() => shownPrompt(page)).toBe(second);
    expect(errorsOf(page)).toEqual([]);
  });

  it("ranks by keyboard and by drag, and stores the order shown", async () => {
    const { token, id } = await project(
      "ranks",
      { mode: "queue", task: "ranking", ranking_size: 3 },
      1,
      ["x", "y", "z"],
    );
    const page = await ui().open(token, "#/projects/ranks/queue");
    const items = page.getByTestId("ranking-item");
    await expect.poll(() => items.count()).toBe(3);
    const order = async () =>
      (await items.allTextContents()).map((t) => /Answer by (\w)/.exec(t)![1]);
    const initial = await order();

    // Keyboard: focus the first, Shift+↓ moves it to second place.
    await items.first().focus();
    await page.keyboard.press("Shift+ArrowDown");
    await expect.poll(order).toEqual([initial[1], initial[0], initial[2]]);
    // Drag: the last onto the first place.
    await items.nth(2).dragTo(items.first());
    await expect.poll(order).toEqual([initial[2], initial[1], initial[0]]);
    const shown = await order();
    await screenshot(page, "queue-ranking");
    expect(await unlabelledControls(page)).toEqual([]);

    await page.keyboard.press("Control+Enter");
    await page.getByText("All done").waitFor();
    const [stored] = await judgmentsOf("ranks", id);
    expect(stored!.order).toEqual(shown.map((s) => [`ranks-p0-${s}`]));
    expect(errorsOf(page)).toEqual([]);
  });

  it("rates each criterion with digit keys, and gives thumbs", async () => {
    const criteria = [
      { id: "helpfulness", label: "Helpfulness", min: 1, max: 5 },
      { id: "safety", label: "Safety", min: 1, max: 3 },
    ];
    const rater = await project("rated", { mode: "queue", task: "rating", criteria }, 1, ["r1"]);
    const page = await ui().open(rater.token, "#/projects/rated/queue");
    await page.getByTestId("task").waitFor();
    await page.keyboard.press("4");
    await page.keyboard.press("2");
    await screenshot(page, "queue-rating");
    expect(await unlabelledControls(page)).toEqual([]);
    await page.keyboard.press("Control+Enter");
    await page.getByText("All done").waitFor();
    const [rating] = await judgmentsOf("rated", rater.id);
    expect(rating!.scores).toEqual([
      { candidate: "rated-p0-r1", criterion: "helpfulness", score: 4 },
      { candidate: "rated-p0-r1", criterion: "safety", score: 2 },
    ]);

    const thumbs = await project("thumbs", { mode: "queue", task: "binary" }, 2, ["t1"]);
    const thumbPage = await ui().open(thumbs.token, "#/projects/thumbs/queue");
    await thumbPage.getByTestId("task").waitFor();
    await screenshot(thumbPage, "queue-thumbs");
    await pressAndWait(thumbPage, "1");
    await expect.poll(() => thumbPage.getByTestId("progress").textContent()).toBe("1 of 2");
    await pressAndWait(thumbPage, "2");
    await thumbPage.getByText("All done").waitFor();
    const stored = await judgmentsOf("thumbs", thumbs.id);
    expect(stored.map((j) => j.approved).sort()).toEqual([false, true]);
    expect(errorsOf(page)).toEqual([]);
    expect(errorsOf(thumbPage)).toEqual([]);
  });
});
