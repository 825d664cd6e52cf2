/**
 * nodeFetch against a real node:http server: what the openai SDK reads of a Response (status,
 * headers, json/text once, a body stream on demand), server-sent events as a stream, and the
 * failures the retry loop must see as failures — a refused connection, an abort, an answer cut
 * short.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeFetch } from "../../src/llm/node-fetch.js";

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      if (req.url === "/echo") {
        res.writeHead(201, { "content-type": "application/json", "x-request-id": "r-1" });
        res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization, body }));
      } else if (req.url === "/events") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write("data: one\n\n");
        setTimeout(() => res.end("data: two\n\n"), 20);
      } else if (req.url === "/cut") {
        // Promises 100 bytes, sends 10, and hangs up.
        res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        res.write('{"partial"');
        setTimeout(() => res.destroy(), 10);
      } else if (req.url === "/slow") {
        setTimeout(() => res.end("late"), 5_000);
      } else {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("no such page");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("nodeFetch", () => {
  it("sends method, headers and body, and answers with status, headers and JSON", async () => {
    const response = await nodeFetch(`${base}/echo`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get("x-request-id")).toBe("r-1");
    expect(response.url).toBe(`${base}/echo`);
    expect(await response.json()).toEqual({ method: "POST", auth: "Bearer k", body: '{"a":1}' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(/already been read/);
  });

  it("gives an error page's text, a clone, and a body stream on demand", async () => {
    const response = await nodeFetch(`${base}/nowhere`);
    expect(response.status).toBe(404);
    expect(response.ok).toBe(false);
    const copy = response.clone();
    expect(await response.text()).toBe("no such page");
    expect(await new Response(copy.body).text()).toBe("no such page");
  });

  it("streams server-sent events as they come", async () => {
    const response = await nodeFetch(`${base}/events`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let first: string | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      first ??= text;
    }
    expect(first).toBe("data: one\n\n");
    expect(text).toBe("data: one\n\ndata: two\n\n");
  });

  it("rejects an answer cut short, a refused connection and an abort", async () => {
    await expect(nodeFetch(`${base}/cut`)).rejects.toThrow();
    // Port 1 on loopback: nothing listens there.
    await expect(nodeFetch("http://127.0.0.1:1/")).rejects.toThrow();
    const controller = new AbortController();
    const pending = nodeFetch(`${base}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stopped")), 20);
    await expect(pending).rejects.toThrow(/stopped/);
    await expect(nodeFetch("ftp://127.0.0.1/")).rejects.toThrow(/unsupported protocol/);
  });
});
