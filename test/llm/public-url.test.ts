import { describe, expect, it } from "vitest";
import { llmMessages } from "../../src/llm/errors.js";
import { publicBaseUrl } from "../../src/llm/public-url.js";
import { fakeSystem } from "./systems.js";

const SECRET = "sk-proj-ABCDEFGHIJKLMNOP0123";

describe("publicBaseUrl", () => {
  it("keeps a clean URL as it is, and drops credentials, query and fragment", () => {
    expect(publicBaseUrl("http://127.0.0.1:8000/v1")).toBe("http://127.0.0.1:8000/v1");
    expect(publicBaseUrl("https://api.openai.com/v1/")).toBe("https://api.openai.com/v1/");
    expect(publicBaseUrl(`http://user:${SECRET}@host:8/v1`)).toBe("http://host:8/v1");
    expect(publicBaseUrl(`http://${SECRET}@host/v1?api-key=${SECRET}#${SECRET}`)).toBe(
      "http://host/v1",
    );
    expect(publicBaseUrl(`http://host?key=${SECRET}`)).toBe("http://host");
    expect(publicBaseUrl(`not a url ${SECRET}`)).toBe("(invalid URL)");
  });

  it("is what every fixed error message shows", () => {
    const system = fakeSystem(`http://user:${SECRET}@127.0.0.1:1/v1?api-key=${SECRET}`, {
      apiKeyEnv: "K",
    });
    const texts = [
      llmMessages.missingKey(system),
      llmMessages.auth(system, 401),
      llmMessages.unknownModel(system, 404),
      llmMessages.notFound(system),
      llmMessages.rateLimited(system),
      llmMessages.server(system, 500),
      llmMessages.timeout(system),
      llmMessages.connection(system, true),
      llmMessages.connection(system, false),
      llmMessages.malformed(system, "x"),
      llmMessages.empty(system),
      llmMessages.badRequest(system, 400, "no"),
    ];
    for (const text of texts) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("user");
    }
    expect(llmMessages.connection(system, false)).toContain("http://127.0.0.1:1/v1 ");
  });
});
