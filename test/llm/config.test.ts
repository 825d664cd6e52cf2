import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IssueError } from "../../src/core/issue.js";
import {
  checkApiKeys,
  loadLlmConfig,
  missingApiKeys,
  parseLlmConfig,
} from "../../src/llm/config.js";

function issues(text: string, file = "llm.yaml") {
  try {
    parseLlmConfig(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(IssueError);
    return (error as IssueError).issues.map((i) => ({
      line: i.location?.line,
      field: i.location?.field,
      message: i.message,
    }));
  }
  throw new Error("expected the config to be refused");
}

const VALID = `# two systems
defaults:
  base_url: http://127.0.0.1:8000/v1/
  params:
    temperature: 0.7
    max_tokens: 256
systems:
  gpt-4o-mini:
    base_url: https://api.openai.com/v1
    api_key_env: OPENAI_API_KEY
    system_prompt: Be brief.
    params: { temperature: 0.2, stop: "###" }
    price: { input: 0.15, output: 0.6 }
    requests_per_minute: 500
    tokens_per_minute: 200000
    stream: true
    family: gpt
  local-llama:
    model: llama3.1:8b
    concurrency: 2
    timeout_s: 30
`;

describe("parseLlmConfig", () => {
  it("reads a valid file, defaults merged under each system (params key by key)", () => {
    expect(parseLlmConfig(VALID, "llm.yaml")).toEqual([
      {
        id: "gpt-4o-mini",
        model: "gpt-4o-mini",
        baseUrl: "https://api.openai.com/v1",
        apiKeyEnv: "OPENAI_API_KEY",
        systemPrompt: "Be brief.",
        params: { temperature: 0.2, max_tokens: 256, stop: ["###"] },
        price: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
        concurrency: 8,
        requestsPerMinute: 500,
        tokensPerMinute: 200000,
        timeoutMs: 120_000,
        stream: true,
        family: "gpt",
      },
      {
        id: "local-llama",
        model: "llama3.1:8b",
        baseUrl: "http://127.0.0.1:8000/v1",
        params: { temperature: 0.7, max_tokens: 256 },
        concurrency: 2,
        timeoutMs: 30_000,
        stream: false,
      },
    ]);
  });

  it("reads JSON, and reports a JSON syntax error with its line", () => {
    const json = JSON.stringify({ systems: { m: { base_url: "http://127.0.0.1:1/v1" } } }, null, 2);
    expect(parseLlmConfig(json, "llm.json")).toMatchObject([{ id: "m", model: "m" }]);
    const broken = '{\n  "systems": {\n    "m": { "base_url": "x", }\n  }\n}';
    const [issue] = issues(broken, "llm.json");
    expect(issue!.line).toBe(3);
    expect(issue!.message).toMatch(/^not valid JSON/);
  });

  it("names the key path and line of each bad value, every one of them", () => {
    const text = `systems:
  gpt-4o:
    base_url: http://127.0.0.1:1/v1
    params:
      temperature: 7
      max_tokens: -1
  other:
    base_url: ftp://example
    concurrency: 0
`;
    expect(issues(text)).toEqual([
      {
        line: 5,
        field: "systems.gpt-4o.params.temperature",
        message: expect.stringMatching(/<=2/),
      },
      { line: 6, field: "systems.gpt-4o.params.max_tokens", message: expect.stringMatching(/>0/) },
      { line: 8, field: "systems.other.base_url", message: "must be an http:// or https:// URL" },
      { line: 9, field: "systems.other.concurrency", message: expect.stringMatching(/>0/) },
    ]);
  });

  it("refuses unknown keys with a suggestion", () => {
    const text = `systems:
  m:
    base_url: http://127.0.0.1:1/v1
    params:
      temprature: 0.5
    timeout: 10
`;
    expect(issues(text)).toEqual([
      {
        line: 5,
        field: "systems.m.params.temprature",
        message: "unknown key (did you mean temperature?)",
      },
      { line: 6, field: "systems.m.timeout", message: "unknown key (did you mean timeout_s?)" },
    ]);
  });

  it("refuses a literal key without repeating it, in api_key or in api_key_env", () => {
    const secret = "sk-live-abcdefghijklmnopqrstuvwxyz0123";
    const text = `defaults:
  api_key: ${secret}
systems:
  m:
    base_url: http://127.0.0.1:1/v1
    api_key_env: ${secret}
`;
    let thrown: unknown;
    try {
      parseLlmConfig(text, "llm.yaml");
    } catch (error) {
      thrown = error;
    }
    const error = thrown as IssueError;
    expect(error.issues.map((i) => [i.location?.line, i.location?.field])).toEqual([
      [2, "defaults.api_key"],
      [6, "systems.m.api_key_env"],
    ]);
    expect(error.message).toMatch(
      /put it in an environment variable and name that variable in api_key_env/,
    );
    expect(JSON.stringify(error.issues)).not.toContain(secret);
    expect(error.message).not.toContain(secret);
  });

  it("takes variable names in api_key_env, and refuses random-looking tokens there", () => {
    const text = (value: string) =>
      `systems:\n  m:\n    base_url: http://127.0.0.1:1/v1\n    api_key_env: ${value}\n`;
    expect(parseLlmConfig(text("OPENAI_API_KEY"), "f")[0]!.apiKeyEnv).toBe("OPENAI_API_KEY");
    expect(parseLlmConfig(text("together_key_2"), "f")[0]!.apiKeyEnv).toBe("together_key_2");
    for (const secret of ["aB3dE5gH7jK9mN1pQ3sT5vW7yZ9b", "key with spaces"])
      expect(issues(text(secret))).toEqual([
        {
          line: 4,
          field: "systems.m.api_key_env",
          message: expect.stringMatching(/^an API key does not belong/),
        },
      ]);
  });

  it("refuses credentials, a query or a fragment in base_url without repeating the URL", () => {
    const secret = "sk-proj-ABCDEFGHIJKLMNOP0123";
    const text = (url: string) => `systems:\n  m:\n    base_url: "${url}"\n`;
    for (const url of [
      `http://user:${secret}@127.0.0.1:8000/v1`,
      `https://${secret}@api.example.com/v1`,
    ]) {
      const found = issues(text(url));
      expect(found).toEqual([
        { line: 3, field: "systems.m.base_url", message: expect.stringMatching(/credentials/) },
      ]);
      expect(JSON.stringify(found)).not.toContain(secret);
    }
    for (const url of [
      `http://127.0.0.1:8000/v1?api-key=${secret}`,
      `http://127.0.0.1:8000/v1#${secret}`,
    ]) {
      const found = issues(text(url));
      expect(found).toEqual([
        { line: 3, field: "systems.m.base_url", message: expect.stringMatching(/query string/) },
      ]);
      expect(JSON.stringify(found)).not.toContain(secret);
    }
    expect(issues(text("http://[::1")).map((i) => i.message)).toEqual([
      "must be an http:// or https:// URL",
    ]);
    expect(parseLlmConfig(text("http://[::1]:8000/v1"), "f")[0]!.baseUrl).toBe(
      "http://[::1]:8000/v1",
    );
  });

  it("reports a JSON syntax error by position only, never quoting the text (a key may be there)", () => {
    const secret = "sk-proj-ABCDEFGHIJKLMNOP0123";
    const broken = `{\n  "systems": {\n    "m": { "api_key_env": ${secret} }\n  }\n}`;
    const [issue] = issues(broken, "llm.json");
    expect(issue).toEqual({
      line: 3,
      field: undefined,
      message: "not valid JSON: a syntax error at line 3, column 27",
    });
    expect(JSON.stringify(issue)).not.toContain("sk-");
  });

  it("suggests params.x or price.x for a parameter or price put beside the system's keys", () => {
    const text = `systems:\n  b:\n    base_url: http://127.0.0.1:1/v1\n    temperature: 0.5\n    input: 1\n`;
    expect(issues(text)).toEqual([
      {
        line: 4,
        field: "systems.b.temperature",
        message: "unknown key (did you mean params.temperature?)",
      },
      { line: 5, field: "systems.b.input", message: "unknown key (did you mean price.input?)" },
    ]);
  });

  it("asks for base_url when neither the system nor the defaults give one", () => {
    expect(issues("systems:\n  m:\n    model: x\n")).toEqual([
      {
        line: 2,
        field: "systems.m",
        message: "base_url is missing (set it here or under defaults)",
      },
    ]);
  });

  it("reports YAML syntax errors and empty files with a line", () => {
    expect(issues("systems:\n  m: [unclosed\n")[0]).toMatchObject({
      line: 2,
      message: expect.stringMatching(/^not valid YAML/),
    });
    expect(issues("")[0]!.message).toMatch(/empty/);
    expect(issues("systems: {}\n")[0]).toMatchObject({
      field: "systems",
      message: "declares no system",
    });
  });

  it("loads a file from disk, and names a missing one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "prefkit-llm-"));
    const path = join(dir, "llm.yaml");
    await writeFile(path, VALID);
    expect(await loadLlmConfig(path)).toHaveLength(2);
    await expect(loadLlmConfig(join(dir, "absent.yaml"))).rejects.toMatchObject({
      code: "io",
      location: { file: join(dir, "absent.yaml") },
    });
  });
});

describe("API key variables", () => {
  const systems = parseLlmConfig(
    `systems:
  a: { base_url: "http://h/v1", api_key_env: KEY_A }
  b: { base_url: "http://h/v1", api_key_env: KEY_B }
  c: { base_url: "http://h/v1" }
`,
    "llm.yaml",
  );

  it("lists every system whose variable is unset or empty", () => {
    expect(missingApiKeys(systems, { KEY_A: "" })).toEqual([
      { system: "a", variable: "KEY_A" },
      { system: "b", variable: "KEY_B" },
    ]);
    expect(missingApiKeys(systems, { KEY_A: "x", KEY_B: "y" })).toEqual([]);
  });

  it("checkApiKeys throws one issue per unset variable", () => {
    expect(() => checkApiKeys(systems, { KEY_A: "x", KEY_B: "y" })).not.toThrow();
    try {
      checkApiKeys(systems, {});
      expect.unreachable();
    } catch (error) {
      expect((error as IssueError).issues.map((i) => i.message)).toEqual([
        '$KEY_A is not set: set it to the API key for system "a" before running',
        '$KEY_B is not set: set it to the API key for system "b" before running',
      ]);
    }
  });
});
