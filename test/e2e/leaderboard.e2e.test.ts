/**
 * The leaderboard page: table, interval chart and heat map; filters by category, who judged
 * (humans, AI judges, one AI judge) and annotator group; and it refreshes by itself as judgments
 * arrive.
 */
import { expect, it } from "vitest";
import { describeBrowser, errorsOf, screenshot, unlabelledControls, useUi } from "./harness.js";

describeBrowser("leaderboard in the browser", () => {
  const ui = useUi();

  async function seed() {
    const api = ui().api;
    await api("POST", "/api/projects", { id: "lb", name: "Leaderboard" });
    const prompts = ["math", "code", "math", "code"].map((category, i) => ({
      id: `p${i}`,
      category,
      messages: [{ role: "user", content: `Question ${i}` }],
    }));
    expect((await api("POST", "/api/projects/lb/prompts", prompts)).status).toBe(201);
    const systems = ["alpha", "beta", "gamma"];
    const candidates = prompts.flatMap((p) =>
      systems.map((s) => ({
        id: `${p.id}-${s}`,
        prompt: p.id,
        system: s,
        messages: [{ role: "assistant", content: `${s} says hi` }],
      })),
    );
    expect((await api("POST", "/api/projects/lb/candidates", candidates)).status).toBe(201);
  }

  /** Admin-entered judgments: `winner` beats `loser` on prompt p. */
  function votes(list: [string, string, string][], source?: { kind: "ai"; model: string }) {
    return {
      judgments: list.map(([p, winner, loser]) => ({
        kind: "pairwise",
        prompt: p,
        a: `${p}-${winner}`,
        b: `${p}-${loser}`,
        outcome: "a",
        ...(source ? { source } : {}),
      })),
    };
  }

  it("shows the table, chart and heat map, filters them, and refreshes after new votes", async () => {
    await seed();
    const api = ui().api;
    const human: [string, string, string][] = [
      ["p0", "alpha", "beta"],
      ["p1", "alpha", "gamma"],
      ["p2", "beta", "gamma"],
      ["p3", "gamma", "alpha"],
      ["p0", "beta", "gamma"],
    ];
    expect((await api("POST", "/api/projects/lb/judgments", votes(human))).status).toBe(201);
    const ai = votes([["p1", "gamma", "beta"]], { kind: "ai", model: "judge-1" });
    expect((await api("POST", "/api/projects/lb/judgments", ai)).status).toBe(201);

    const { token } = await ui().invite("Decision maker", ["lb"], "viewer");
    const page = await ui().open(token, "#/projects/lb/leaderboard");
    const table = page.getByTestId("leaderboard");
    await table.waitFor();
    // alpha: 3 battles (p0, p1, p3); beta: 4 (p0 twice, p2, p1 by AI); gamma: 5.
    await expect.poll(() => page.getByTestId("battles-alpha").textContent()).toBe("3");
    await expect.poll(() => page.getByTestId("battles-gamma").textContent()).toBe("5");
    expect(await table.locator("tbody tr").count()).toBe(3);
    expect(await page.locator(".chart svg circle").count()).toBe(3);
    expect(await page.locator("table.heat tbody tr").count()).toBe(3);
    await screenshot(page, "leaderboard");
    expect(await unlabelledControls(page)).toEqual([]);

    // Humans only: the AI verdict (gamma over beta) drops out.
    await page.getByLabel("Judged by").selectOption("human");
    await expect.poll(() => page.getByTestId("battles-gamma").textContent()).toBe("4");
    // One category: math holds p0 and p2 (alpha–beta, beta–gamma, beta–gamma).
    await page.getByLabel("Category").selectOption("math");
    await expect.poll(() => page.getByTestId("battles-beta").textContent()).toBe("3");
    await page.getByLabel("Category").selectOption("");
    await page.getByLabel("Judged by").selectOption("");
    await expect.poll(() => page.getByTestId("battles-alpha").textContent()).toBe("3");

    // New votes arrive elsewhere: the page shows them without a reload.
    const more: [string, string, string][] = [
      ["p2", "alpha", "gamma"],
      ["p3", "alpha", "beta"],
    ];
    expect((await api("POST", "/api/projects/lb/judgments", votes(more))).status).toBe(201);
    await expect
      .poll(() => page.getByTestId("battles-alpha").textContent(), { timeout: 15_000 })
      .toBe("5");
    expect(errorsOf(page)).toEqual([]);
  });

  it("filters by one AI judge, chosen from the project's judges", async () => {
    const api = ui().api;
    // judge-1 judged p1 (gamma over beta) in the first test; judge-2 judges alpha over beta twice.
    const judged = votes(
      [
        ["p0", "alpha", "beta"],
        ["p2", "alpha", "beta"],
      ],
      { kind: "ai", model: "judge-2" },
    );
    expect((await api("POST", "/api/projects/lb/judgments", judged)).status).toBe(201);
    const { token } = await ui().invite("Judge watcher", ["lb"], "viewer");
    const page = await ui().open(token, "#/projects/lb/leaderboard");
    await page.getByTestId("leaderboard").waitFor();
    const judgedBy = page.getByLabel("Judged by");
    await expect
      .poll(() => judgedBy.locator("option").allTextContents())
      .toEqual(["All judgments", "Humans", "AI judges", "judge-1", "judge-2"]);
    await judgedBy.selectOption({ label: "judge-2" });
    await expect.poll(() => page.getByTestId("battles-alpha").textContent()).toBe("2");
    await expect.poll(() => page.locator("[data-testid=leaderboard] tbody tr").count()).toBe(2);
    expect(await page.getByTestId("battles-gamma").count()).toBe(0);
    await judgedBy.selectOption({ label: "judge-1" });
    await expect.poll(() => page.getByTestId("battles-gamma").textContent()).toBe("1");
    expect(await page.getByTestId("battles-alpha").count()).toBe(0);
    await screenshot(page, "leaderboard-judge");
    expect(errorsOf(page)).toEqual([]);
  });

  it("filters by annotator group for admins, from the annotators' attributes", async () => {
    const api = ui().api;
    const de = await api("POST", "/api/annotators", {
      name: "Deutsch",
      role: "annotator",
      projects: ["lb"],
      attributes: { language: "de" },
    });
    const handleVote = async (token: string) => {
      const task = await api("GET", "/api/projects/lb/tasks/next", undefined, token);
      const [a, b] = task.body.task.candidates;
      const r = await api(
        "POST",
        "/api/projects/lb/judgments",
        { kind: "pairwise", prompt: task.body.task.prompt.id, a: a.id, b: b.id, outcome: "a" },
        token,
      );
      expect(r.status).toBe(201);
    };
    await handleVote(de.body.token);
    const page = await ui().open(
      "pk_browser_suite_admin_key_0123456789",
      "#/projects/lb/leaderboard",
    );
    await page.getByTestId("leaderboard").waitFor();
    await expect.poll(() => page.locator("#f-group option").count()).toBeGreaterThan(1);
    await page.getByLabel("Annotator group").selectOption("language=de");
    await expect.poll(() => page.locator("[data-testid=leaderboard] tbody tr").count()).toBe(2);
    await screenshot(page, "leaderboard-group");
    expect(errorsOf(page)).toEqual([]);
  });
});
