/**
 * The judgment quality page in real Chromium: the per-labeller table and the κ heat map show the
 * planted project's numbers (test/fixtures/reference/quality_planted.json), names stay text, the
 * heat map's cells pass contrast, and the page fits a 390 px phone.
 */
import type { Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { JUDGE, NAMES, PLANTED, plant } from "../server/quality-plant.js";
import {
  describeBrowser,
  errorsOf,
  type Json,
  screenshot,
  unlabelledControls,
  useUi,
} from "./harness.js";

describeBrowser("judgment quality in the browser", () => {
  const ui = useUi();
  let viewer = "";
  beforeAll(async () => {
    await plant(ui().api, "qa");
    expect((await ui().api("POST", "/api/projects", { id: "qe", name: "Empty" })).status).toBe(201);
    viewer = (await ui().invite("Reader", ["qa", "qe"], "viewer")).token;
  });

  /** Each planted labeller's name as the page shows it. */
  const shown: Record<string, string> = { ...NAMES, judge: JUDGE };
  const nameOf = (key: string): string => shown[key] ?? key;

  async function openQuality(project: string, viewport?: { width: number; height: number }) {
    const page = await ui().open(viewer, `#/projects/${project}/quality`, viewport);
    await page.getByTestId("labellers").waitFor();
    return page;
  }

  /** Row and column headers of the κ map, by the name shown. */
  async function kappaCell(page: Page, a: string, b: string) {
    const names = await page
      .locator("[data-testid=kappa-map] tbody th")
      .evaluateAll((ths) => ths.map((th) => th.getAttribute("title")));
    const i = names.indexOf(a);
    const j = names.indexOf(b);
    expect(i, a).toBeGreaterThanOrEqual(0);
    expect(j, b).toBeGreaterThanOrEqual(0);
    return page.getByTestId(`kappa-${i}-${j}`);
  }

  it("shows each labeller's agreement and every pair's κ, as numpy computes them", async () => {
    const page = await openQuality("qa");
    const rows = page.locator("[data-testid=labellers] tbody tr");
    expect(await rows.count()).toBe(4);
    for (const [key, want] of Object.entries(PLANTED.all.raterTable as Record<string, Json>)) {
      const row = rows.filter({
        has: page.getByRole("rowheader", { name: nameOf(key), exact: true }),
      });
      const percent = `${Math.round(want.consensusAgreement * 100)}% of ${want.consensusItems}`;
      expect(await row.getByTestId("consensus").textContent()).toBe(percent);
    }
    // The name written as markup is text on the page, not an element.
    expect(await page.locator(".quality b").count()).toBe(0);
    const table = page.getByTestId("labellers");
    expect(await table.getByRole("rowheader", { name: "<b>Cy</b>", exact: true }).count()).toBe(1);

    for (const [pair, want] of Object.entries(PLANTED.all.cohen as Record<string, Json>)) {
      const [a, b] = pair.split("|").map((k) => shown[k]!);
      const cell = await kappaCell(page, a!, b!);
      expect(await cell.textContent(), pair).toBe(want.kappa.toFixed(2));
      expect(await (await kappaCell(page, b!, a!)).textContent()).toBe(want.kappa.toFixed(2));
    }
    // methods.md §B6's example pair.
    expect(await (await kappaCell(page, NAMES.h1, NAMES.h2)).textContent()).toBe("0.58");

    // Every coloured cell's text contrasts at least 4.5:1 with its background (WCAG AA).
    const ratios = await page
      .locator("[data-testid=kappa-map] td:not(.none)")
      .evaluateAll((tds) => {
        const rgb = (css: string) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
        const lum = (c: number[]) => {
          const [r, g, b] = c.map((v) => {
            const s = v / 255;
            return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        return tds.map((td) => {
          const style = (globalThis as Json).getComputedStyle(td);
          const [x, y] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
          return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
        });
      });
    expect(ratios).toHaveLength(12);
    for (const ratio of ratios) expect(ratio).toBeGreaterThanOrEqual(4.5);

    expect(await page.getByTestId("figure-Fleiss' κ").textContent()).toMatch(
      new RegExp(`^${PLANTED.all.fleissKappa.toFixed(2)} \\(`),
    );
    // The judge and the three annotators, each with an accuracy bar.
    await page.getByTestId("judges").waitFor();
    expect(await page.getByTestId("judge-bars").count()).toBe(4);
    expect(await page.locator("[data-testid=bar-consistency]").count()).toBe(1);
    const judgeRow = page.locator("[data-testid=judges] tbody tr").first();
    expect(await judgeRow.getByTestId("accuracy").textContent()).toMatch(/^75% \(/);
    await screenshot(page, "quality");
    expect(await unlabelledControls(page)).toEqual([]);
    expect(errorsOf(page)).toEqual([]);
  });

  it("keeps to the humans' labels when asked", async () => {
    const page = await openQuality("qa");
    await page.getByLabel("Labellers").selectOption("human");
    await expect.poll(() => page.locator("[data-testid=labellers] tbody tr").count()).toBe(3);
    const cell = await kappaCell(page, NAMES.h2, NAMES.h3);
    expect(await cell.textContent()).toBe(PLANTED.humans.cohen["h2|h3"].kappa.toFixed(2));
    expect(errorsOf(page)).toEqual([]);
  });

  it("fits a 390 px phone without scrolling the page sideways", async () => {
    const page = await openQuality("qa", { width: 390, height: 844 });
    await page.getByTestId("judges").waitFor();
    const widths = (await page.evaluate(
      "({ page: document.documentElement.scrollWidth, body: document.body.scrollWidth, window: window.innerWidth })",
    )) as { page: number; body: number; window: number };
    expect(widths.window).toBe(390);
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.body).toBeLessThanOrEqual(390);
    await screenshot(page, "quality-phone");
    expect(errorsOf(page)).toEqual([]);
  });

  it("says what is undefined on a project without judgments", async () => {
    const page = await openQuality("qe");
    expect(await page.getByTestId("figure-Fleiss' κ").textContent()).toBe("undefined");
    expect(await page.getByTestId("judges-undefined").textContent()).toMatch(
      /no pairwise judgments/,
    );
    expect(errorsOf(page)).toEqual([]);
  });
});
