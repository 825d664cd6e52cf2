/**
 * Images from other hosts (issue 10): an image URL in a prompt or a response would tell its host
 * who looked at it and when. By default neither the page's Content-Security-Policy nor the
 * renderer loads one — the annotator sees where it points instead — and only with the
 * server's opt-in (`prefkit serve --allow-external-images`) do they load. A second HTTP server
 * on another port of 127.0.0.1 stands for the outside host and counts what it is asked.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, errorsOf, type Json, screenshot, type Ui, useUi } from "./harness.js";

const PIXEL_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

let outside: Server;
let outsideHost = "";
const asked: string[] = [];

beforeAll(async () => {
  outside = createServer((request, response) => {
    asked.push(request.url ?? "");
    response.writeHead(200, { "content-type": "image/png", "cache-control": "no-store" });
    response.end(Buffer.from(PIXEL_BASE64, "base64"));
  });
  await new Promise<void>((resolve) => outside.listen(0, "127.0.0.1", resolve));
  outsideHost = `127.0.0.1:${(outside.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => outside.close(resolve));
});

/** A project whose prompt shows an outside image part and a data: one, and whose response
 * shows an outside image in its Markdown; an annotator's arena page on it. */
async function arenaWithOutsideImages(ui: Ui, id: string): Promise<Page> {
  const api = ui.api;
  expect((await api("POST", "/api/projects", { id, name: "Pictures" })).status).toBe(201);
  const prompt = {
    id: "p1",
    messages: [
      {
        role: "user",
        content: [
          { type: "text", text: "Describe both pictures." },
          { type: "image_url", url: `http://${outsideHost}/${id}/part.png` },
          { type: "image_url", url: `data:image/png;base64,${PIXEL_BASE64}` },
        ],
      },
    ],
  };
  expect((await api("POST", `/api/projects/${id}/prompts`, [prompt])).status).toBe(201);
  const answer = (system: string, content: string) => ({
    id: system,
    prompt: "p1",
    system,
    messages: [{ role: "assistant", content }],
  });
  const candidates = [
    answer("tracker", `Here: ![a chart](http://${outsideHost}/${id}/markdown.png) as promised.`),
    answer("plain", "No pictures from me."),
  ];
  expect((await api("POST", `/api/projects/${id}/candidates`, candidates)).status).toBe(201);
  const { token } = await ui.invite(`Viewer of ${id}`, [id]);
  const page = await ui.open(token, `#/projects/${id}/arena`);
  await page.getByTestId("response-a").waitFor();
  await page.waitForLoadState("networkidle");
  return page;
}

async function imgSrcPolicy(ui: Ui): Promise<string | undefined> {
  const response = await fetch(`${ui.url}/`);
  const policy = response.headers.get("content-security-policy") ?? "";
  return policy
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith("img-src"));
}

describeBrowser("outside images, by default", () => {
  const ui = useUi();

  it("loads no image from another host and shows where each would have come from", async () => {
    const page = await arenaWithOutsideImages(ui(), "pictures");
    await page.waitForTimeout(500);
    expect(asked.filter((url) => url.startsWith("/pictures/"))).toEqual([]);
    expect(await imgSrcPolicy(ui())).toBe("img-src 'self' data:");
    expect(await page.locator(`img[src*="${outsideHost}"]`).count()).toBe(0);

    // The annotator sees that an image is there, where from, and may open it on purpose.
    const prompt = page.locator(".prompt");
    expect(await prompt.textContent()).toContain(`image from ${outsideHost} (not loaded)`);
    expect(await page.locator(".sides").textContent()).toContain(
      `image from ${outsideHost} (not loaded)`,
    );
    const link = prompt.getByRole("link", { name: `image from ${outsideHost}` });
    expect(await link.getAttribute("href")).toBe(`http://${outsideHost}/pictures/part.png`);
    expect(await link.getAttribute("rel")).toContain("noreferrer");
    // An image inside the page (data:) still shows.
    await expect.poll(() => prompt.locator('img[src^="data:image/png"]').count()).toBe(1);
    await screenshot(page, "arena-outside-images-blocked");
    expect(errorsOf(page)).toEqual([]);
  });
});

describeBrowser("outside images, with the server's opt-in", () => {
  const ui = useUi({ allowExternalImages: true });

  it("loads them, and the policy allows them", async () => {
    expect(await imgSrcPolicy(ui())).toBe("img-src 'self' data: https: http:");
    const page = await arenaWithOutsideImages(ui(), "allowed");
    await expect
      .poll(() => asked.filter((url) => url.startsWith("/allowed/")).sort())
      .toEqual(["/allowed/markdown.png", "/allowed/part.png"]);
    const outsideImages = page.locator(`img[src*="${outsideHost}"]`);
    await expect.poll(() => outsideImages.count()).toBe(2);
    await expect
      .poll(() =>
        outsideImages.evaluateAll((images) => images.map((i) => (i as Json).naturalWidth)),
      )
      .toEqual([1, 1]);
    expect(await page.getByText("(not loaded)").count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
  });
});
