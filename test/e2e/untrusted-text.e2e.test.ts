/**
 * Model output is untrusted: HTML, scripts and `javascript:` links in a response must be inert
 * in the arena, while its Markdown (code blocks, lists, images by URL) still renders.
 */
import { expect, it } from "vitest";
import { describeBrowser, errorsOf, screenshot, useUi } from "./harness.js";

const PIXEL =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

const PAYLOADS = [
  'Look: <img src=x onerror="window.__xss = (window.__xss || 0) + 1">',
  "<script>window.__xss = (window.__xss || 0) + 1</script>",
  '[a link](javascript:window.__xss=(window.__xss||0)+1) and <a href="javascript:window.__xss=1">raw</a>',
  '<svg onload="window.__xss=1"><circle r="5"/></svg>',
  "[sign in as me](#token=pk_attacker) or [relative](/api/me) or [fine](https://example.org/)",
  '<iframe src="javascript:parent.__xss=1"></iframe>',
].join("\n\n");

const MARKDOWN = [
  "Here is **bold** and a list:",
  "",
  "- one",
  "- two",
  "",
  "```python",
  "print('<b>not bold</b>')",
  "```",
].join("\n");

describeBrowser("untrusted text in the browser", () => {
  const ui = useUi();

  it("renders Markdown, shows HTML as text, and runs no script from a response", async () => {
    const api = ui().api;
    expect((await api("POST", "/api/projects", { id: "xss", name: "Hostile output" })).status).toBe(
      201,
    );
    const prompt = {
      id: "p1",
      messages: [
        { role: "user", content: "Earlier question" },
        { role: "assistant", content: "Earlier answer" },
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture?" },
            { type: "image_url", url: PIXEL },
            { type: "image_url", url: "javascript:window.__xss=1" },
          ],
        },
      ],
    };
    expect((await api("POST", "/api/projects/xss/prompts", [prompt])).status).toBe(201);
    const candidates = [
      {
        id: "evil",
        prompt: "p1",
        system: "evil-model",
        messages: [{ role: "assistant", content: PAYLOADS }],
      },
      {
        id: "nice",
        prompt: "p1",
        system: "nice-model",
        messages: [{ role: "assistant", content: MARKDOWN }],
      },
    ];
    expect((await api("POST", "/api/projects/xss/candidates", candidates)).status).toBe(201);
    const { token } = await ui().invite("Careful voter", ["xss"]);
    const page = await ui().open(token, "#/projects/xss/arena");
    await page.getByTestId("response-a").waitFor();
    await page.waitForLoadState("networkidle");

    // Multi-turn prompt, turn by turn, with the image shown and the script "image" refused.
    await expect.poll(() => page.locator(".prompt .turn").count()).toBe(3);
    await expect.poll(() => page.locator(`.prompt img[src^="data:image/png"]`).count()).toBe(1);
    expect(await page.locator('img[src^="javascript:"]').count()).toBe(0);

    // Markdown renders; the code block's HTML stays text.
    expect(await page.locator(".sides ul li").count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator(".sides pre code").textContent()).toContain("<b>not bold</b>");
    expect(await page.locator(".sides strong").first().textContent()).toBe("bold");

    // The payloads are visible as text, not as elements.
    const text = await page.locator(".sides").textContent();
    expect(text).toContain("<script>");
    expect(text).toContain("onerror");
    expect(await page.locator(".sides script, .sides iframe, .sides svg, .sides img").count()).toBe(
      0,
    );
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    // Only links out keep an address: a fragment or relative link could act on this app.
    const hrefs = await page
      .locator(".sides a[href]")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(["https://example.org/"]);
    // The javascript: link is still shown, without its address: clicking it does nothing.
    const link = page.locator(".sides a", { hasText: "a link" });
    expect(await link.getAttribute("href")).toBeNull();
    await link.click();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    await screenshot(page, "arena-untrusted");

    // Even a payload that reached the DOM could not run: the page allows only its own scripts.
    const policy = (await page.request.get(`${ui().url}/`)).headers()["content-security-policy"];
    expect(policy).toContain("script-src 'self'");
    expect(errorsOf(page)).toEqual([]);
  });
});
