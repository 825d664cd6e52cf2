/**
 * The live arena in Chromium, against a fake OpenAI-compatible server with slow chunks: the
 * answers appear as they stream, the conversation goes on, the vote reveals the systems, a
 * failing system's message shows, and nothing the browser receives before the vote names a
 * system, a model, the endpoint or the key variable.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ChatClient, createChatClient } from "../../src/llm/chat-client.js";
import { type FakeOpenAi, startFakeOpenAi } from "../../src/llm/fake-openai-server.js";
import type { LlmSystem } from "../../src/llm/types.js";
import { describeBrowser, errorsOf, screenshot, unlabelledControls, useUi } from "./harness.js";

const SYSTEM_IDS = ["live-sys-otter-k3", "live-sys-heron-k3", "live-sys-marten-k3"];
const MODELS = ["live-mdl-orca-p5", "live-mdl-ibis-p5", "live-mdl-lynx-p5"];
const KEY_VARIABLE = "LIVE_E2E_KEY_VAR_Q2";
const SECRET = "sk-e2e-live-secret-77a1";

/**
 * The fake writes its model's name into each answer (so that other tests can tell answers
 * apart); a real model's text is its own business, so here the name is masked in the text the
 * client hands on, and a leak can only be the server's.
 */
function masked(client: ChatClient, model: string): ChatClient {
  const mask = (text: string) => text.replaceAll(model, "the model");
  return {
    async complete(request, options = {}) {
      const { onDelta, ...rest } = options;
      const result = await client.complete(request, {
        ...rest,
        ...(onDelta ? { onDelta: (choice, text) => onDelta(choice, mask(text)) } : {}),
      });
      return { ...result, texts: result.texts.map(mask) };
    },
  };
}

describeBrowser("live arena in the browser", () => {
  let fake: FakeOpenAi | undefined;
  beforeAll(async () => {
    fake = await startFakeOpenAi({
      models: MODELS,
      apiKey: SECRET,
      chunks: 8,
      chunkDelayMs: 120,
      sentences: 6,
    });
  });
  const systems = (): LlmSystem[] =>
    SYSTEM_IDS.map((id, i) => ({
      id,
      model: MODELS[i]!,
      baseUrl: fake!.url,
      apiKeyEnv: KEY_VARIABLE,
      params: {},
      concurrency: 8,
      timeoutMs: 5000,
      stream: true,
    }));
  const ui = useUi({
    live: () => ({
      systems: systems(),
      env: { [KEY_VARIABLE]: SECRET },
      clientFor: (system, env) =>
        masked(createChatClient(system, { env: { ...env } }), system.model),
    }),
  });
  afterAll(async () => {
    await fake?.close();
  });

  async function liveProject(id: string) {
    const r = await ui().api("POST", "/api/projects", {
      id,
      name: "Live arena",
      settings: {
        live_systems: SYSTEM_IDS,
        instructions: "Ask anything; vote when both are done.",
      },
    });
    expect(r.status).toBe(201);
  }

  /** Records every response body the page receives. */
  function record(page: Page) {
    const received: { url: string; body: string; headers: Record<string, string> }[] = [];
    page.on("response", async (response) => {
      const body = await response.text().catch(() => "");
      received.push({ url: response.url(), body, headers: response.headers() });
    });
    return received;
  }

  const secrets = () => [...SYSTEM_IDS, ...MODELS, KEY_VARIABLE, SECRET, fake!.url];

  it("streams both answers, goes on for a second turn, votes, and reveals only then", async () => {
    await liveProject("live-e2e");
    const { token } = await ui().invite("Live voter", ["live-e2e"]);
    const page = await ui().open(token);
    const received = record(page);
    await page.goto(`${ui().url}/#/projects/live-e2e/arena`);
    await page.getByLabel("Your prompt").fill("Why is the sky blue?");
    await page.getByRole("button", { name: "Ask both" }).click();

    // Progressively: some text of both sides while they are still answering, more later.
    const textA = page.getByTestId("text-a");
    const textB = page.getByTestId("text-b");
    await expect.poll(async () => (await textA.textContent())?.length ?? 0).toBeGreaterThan(0);
    const early = (await textA.textContent()) ?? "";
    expect(await page.getByTestId("response-a").getAttribute("aria-busy")).toBe("true");
    expect(await page.getByRole("button", { name: "A is better" }).isDisabled()).toBe(true);
    await screenshot(page, "live-arena-streaming");
    await page.getByRole("button", { name: "Send follow-up" }).waitFor();
    const full = (await textA.textContent()) ?? "";
    expect(full.length).toBeGreaterThan(early.length);
    // What streamed first is the beginning of the whole answer (as rendered: spacing aside).
    const squash = (t: string) => t.replace(/Answering…$/, "").replace(/\s+/g, "");
    expect(squash(full).startsWith(squash(early)), `${early} / ${full}`).toBe(true);
    expect(await textB.textContent()).toContain("Why is the sky blue?");
    expect(await unlabelledControls(page)).toEqual([]);

    // A second turn with the same pair: the follow-up and a second answer on each side.
    await page.getByLabel(/Go on: ask both a follow-up/).fill("And at sunset?");
    await page.getByRole("button", { name: "Send follow-up" }).click();
    await expect
      .poll(async () => page.getByTestId("response-a").getAttribute("aria-busy"))
      .toBe("true");
    await page.getByRole("button", { name: "Send follow-up" }).waitFor();
    for (const text of [textA, textB]) {
      const t = (await text.textContent()) ?? "";
      expect(t).toContain("And at sunset?");
      expect(t).toContain('to "And at sunset?"');
    }
    await screenshot(page, "live-arena-two-turns");

    // Before the vote: nothing received names a system, a model, the endpoint or the key.
    const before = await page.content();
    expect(received.some((r) => r.url.includes("/live"))).toBe(true);
    for (const secret of secrets()) {
      expect(before, `the page names ${secret}`).not.toContain(secret);
      for (const r of received) {
        const raw = `${JSON.stringify(r.headers)}\n${r.body}`;
        expect(raw, `${r.url} names ${secret} before the vote`).not.toContain(secret);
      }
    }

    await page.getByRole("button", { name: "B is better" }).click();
    await page.getByTestId("reveal-b").waitFor();
    const revealA = (await page.getByTestId("reveal-a").textContent()) ?? "";
    const revealB = (await page.getByTestId("reveal-b").textContent()) ?? "";
    const shown = SYSTEM_IDS.filter((id) => revealA.includes(id) || revealB.includes(id));
    expect(shown).toHaveLength(2);
    expect(revealB).toContain("your pick");
    await screenshot(page, "live-arena-revealed");
    const mine = await ui().api("GET", "/api/projects/live-e2e/judgments");
    expect(mine.body.judgments).toHaveLength(1);
    expect(mine.body.judgments[0].outcome).toBe("b");
    expect(errorsOf(page)).toEqual([]);
  });

  it("says so when a system fails, and names nobody", async () => {
    await liveProject("live-e2e-fail");
    const { token } = await ui().invite("Live voter 2", ["live-e2e-fail"]);
    const page = await ui().open(token, "#/projects/live-e2e-fail/arena");
    const received = record(page);
    // Two of three systems drop their streams: whichever pair is drawn, one side fails.
    fake!.setFaults([
      { model: MODELS[0]!, fault: { type: "drop", afterChunks: 2 } },
      { model: MODELS[1]!, fault: { type: "drop", afterChunks: 2 } },
    ]);
    try {
      await page.getByLabel("Your prompt").fill("Tell me about rivers");
      await page.getByRole("button", { name: "Ask both" }).click();
      const message = page.locator(".live-notice, .live-dropped").first();
      await message.waitFor();
      const text = (await message.textContent()) ?? "";
      expect(text).toMatch(
        /^Response [AB] failed(; another system is answering it\.| and no other system could answer)/,
      );
      await page
        .locator(".live-dropped")
        .or(page.getByRole("button", { name: "Send follow-up" }))
        .first()
        .waitFor();
      await screenshot(page, "live-arena-failure");
      const content = await page.content();
      for (const secret of secrets()) {
        expect(content).not.toContain(secret);
        for (const r of received) expect(r.body, r.url).not.toContain(secret);
      }
      expect(errorsOf(page)).toEqual([]);
    } finally {
      fake!.setFaults([]);
    }
  });
});
