/**
 * Project admin in the browser: create a project, upload a file (a bad line is named by its
 * number; a good file is previewed, then imported), invite an annotator whose link signs them
 * in, watch their progress, and export.
 */
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import {
  ADMIN_KEY,
  describeBrowser,
  errorsOf,
  screenshot,
  unlabelledControls,
  useUi,
} from "./harness.js";

/** An arena battle log: three prompts, each answered by two models and voted on. */
const GOOD = [
  ["What is 2+2?", "4", "5"],
  ["Capital of France?", "Paris", "Lyon"],
  ["Largest planet?", "Jupiter", "Mars"],
]
  .map(([question, good, bad], i) =>
    JSON.stringify({
      question_id: `q${i}`,
      model_a: "model-good",
      model_b: "model-bad",
      winner: "model_a",
      conversation_a: [
        { role: "user", content: question },
        { role: "assistant", content: good },
      ],
      conversation_b: [
        { role: "user", content: question },
        { role: "assistant", content: bad },
      ],
    }),
  )
  .join("\n");

describeBrowser("project admin in the browser", () => {
  const ui = useUi();

  it("creates a project, names a bad upload line, previews and imports a good file", async () => {
    const page = await ui().open(ADMIN_KEY, "#/admin");
    await page.getByLabel("Name", { exact: true }).first().fill("Helpfulness study");
    await page.getByLabel("Id (optional)").fill("study");
    await page.getByLabel("Mode").selectOption("queue");
    await page.getByLabel("Task").selectOption("pair");
    await page.getByLabel(/Ask for strength/).check();
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByRole("link", { name: "Helpfulness study" }).click();
    await page.getByRole("heading", { name: "Upload data" }).waitFor();
    const created = await ui().api("GET", "/api/projects/study");
    expect(created.body.project.settings).toMatchObject({
      mode: "queue",
      task: "pair",
      strength: true,
    });

    // A file whose third line is not JSON: the error names line 3, and nothing is stored.
    const bad = `${GOOD.split("\n").slice(0, 2).join("\n")}\n{"question_id": "q9", "model_a": 3`;
    // One upload per file, bad then good: each step as a person takes it.
    await page.getByLabel("File", { exact: true }).setInputFiles({
      name: "bad.jsonl",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(bad),
    });
    await page.getByRole("button", { name: "Check and preview" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/line 3/);
    await screenshot(page, "admin-upload-error");
    expect(await unlabelledControls(page)).toEqual([]);
    expect(await page.getByRole("button", { name: "Import" }).isDisabled()).toBe(true);

    await page.getByLabel("File", { exact: true }).setInputFiles({
      name: "pairs.jsonl",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(GOOD),
    });
    await page.getByRole("button", { name: "Check and preview" }).click();
    const preview = page.getByTestId("preview");
    await preview.waitFor();
    expect(await preview.textContent()).toContain("arena");
    expect(await preview.textContent()).toContain("Capital of France?");
    const judgmentsBefore = await ui().api("GET", "/api/projects/study/judgments");
    expect(judgmentsBefore.body.judgments).toHaveLength(0);
    await screenshot(page, "admin-upload-preview");
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByTestId("imported").waitFor();
    const after = await ui().api("GET", "/api/projects/study/judgments");
    expect(after.body.judgments).toHaveLength(3);
    expect(errorsOf(page)).toEqual([]);
  });

  it("invites an annotator by link, shows their progress, and exports the project", async () => {
    const page = await ui().open(ADMIN_KEY, "#/admin");
    await page.getByLabel("Name", { exact: true }).nth(1).fill("Rita");
    await page.getByLabel("Group attributes (optional)").fill("language=en");
    await page.getByRole("checkbox", { name: "Helpfulness study" }).check();
    await page.getByRole("button", { name: "Create invite link" }).click();
    const link = await page.getByTestId("invite-link").textContent();
    expect(link).toMatch(/\/#token=pk_/);
    const token = decodeURIComponent(link!.trim().split("#token=")[1]!);
    await screenshot(page, "admin-people");
    expect(await unlabelledControls(page)).toEqual([]);

    // The link signs Rita in, and the token leaves the address bar at once.
    const context = await ui().browser.newContext();
    const rita = await context.newPage();
    await rita.goto(link!.trim());
    await rita.locator(".topbar .who", { hasText: "Rita" }).waitFor();
    expect(rita.url()).not.toContain("token");
    await rita.getByRole("link", { name: "Annotate" }).click();
    await rita.getByTestId("task").waitFor();
    await rita.keyboard.press("2");
    await expect.poll(() => rita.getByTestId("progress").textContent()).toMatch(/^1 of /);

    await page.goto(`${ui().url}/#/projects/study/admin`);
    const progress = page.getByTestId("progress-table");
    await progress.waitFor();
    expect(await progress.locator("tr", { hasText: "Rita" }).locator("td").textContent()).toBe("1");
    await screenshot(page, "admin-project");

    await page.getByLabel("Format").nth(1).selectOption("trl-preference");
    await page.getByLabel("File type").selectOption("jsonl");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.jsonl$/);
    const lines = (await readFile((await download.path())!, "utf8")).trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.some((l) => JSON.parse(l).chosen !== undefined)).toBe(true);

    // Revoking Rita's link (after a confirmation) signs her out at her next request.
    await page.goto(`${ui().url}/#/admin`);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("row", { name: /Rita/ }).getByRole("button", { name: "Revoke" }).click();
    await expect
      .poll(async () => (await ui().api("GET", "/api/me", undefined, token)).status)
      .toBe(401);
    await rita.reload();
    await rita.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await rita.getByRole("alert").textContent()).toMatch(/not valid/);
    await context.close();
    expect(errorsOf(page)).toEqual([]);
  });
});
