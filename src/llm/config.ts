/**
 * The systems file: which models answer, where, with which key variable, parameters, prices and
 * limits. YAML (JSON is YAML too, and gets JSON's own syntax errors), checked by a strict zod
 * schema; every problem is reported at once, each with the file, the line (from the YAML node)
 * and the key path ("systems.gpt-4o.params.temperature"), and unknown keys with a suggestion.
 *
 * Keys never belong here. A key named `api_key`, or an `api_key_env` that holds something shaped
 * like a key rather than a variable's name, is refused with a message that says where the key
 * goes — and never repeats the value, since it may be the secret itself.
 *
 * Shape (snake_case in the file; `defaults` merge under every system, `params` key by key):
 *
 *   defaults: { base_url: http://127.0.0.1:8000/v1, params: { temperature: 0.7 } }
 *   systems:
 *     gpt-4o-mini:
 *       model: gpt-4o-mini          # default: the system id
 *       base_url: https://api.openai.com/v1
 *       api_key_env: OPENAI_API_KEY # the variable's NAME; absent for keyless local servers
 *       system_prompt: "…"
 *       params: { temperature, top_p, max_tokens, seed, stop, presence_penalty, frequency_penalty }
 *       price: { input: 0.15, output: 0.6 }   # USD per million tokens
 *       concurrency: 8              # default 8
 *       requests_per_minute: 500
 *       tokens_per_minute: 200000
 *       timeout_s: 120              # default 120
 *       stream: false
 *       family: gpt
 */
import { readFile } from "node:fs/promises";
import { type Document, isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { type Issue, IssueError } from "../core/issue.js";
import { closestName } from "./suggest.js";
import type { LlmSystem, SamplingParams } from "./types.js";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const URL_CREDENTIALS =
  "must not hold credentials (user:password@): put the key in an environment variable and name it in api_key_env";
const URL_QUERY =
  "must not have a query string or fragment (?… #…), where keys hide: put the key in an environment variable and name it in api_key_env";

/**
 * An http(s) URL without user info, query or fragment. The messages never repeat the value:
 * it may hold a key.
 */
function checkBaseUrl(value: string, ctx: z.RefinementCtx): void {
  let url: URL | undefined;
  try {
    url = /^https?:\/\/[^\s/]+/.test(value) ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined)
    ctx.addIssue({ code: "custom", message: "must be an http:// or https:// URL" });
  else if (url.username !== "" || url.password !== "" || /^[^/]*\/\/[^/]*@/.test(value))
    ctx.addIssue({ code: "custom", message: URL_CREDENTIALS });
  else if (url.search !== "" || url.hash !== "" || /[?#]/.test(value))
    ctx.addIssue({ code: "custom", message: URL_QUERY });
}

const paramsSchema = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).optional(),
  presence_penalty: z.number().min(-2).max(2).optional(),
  frequency_penalty: z.number().min(-2).max(2).optional(),
});

const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
});

const systemFieldsSchema = z.strictObject({
  model: z.string().min(1).optional(),
  base_url: z.string().superRefine(checkBaseUrl).optional(),
  api_key_env: z
    .string()
    .regex(ENV_NAME, "must name an environment variable (letters, digits and _)")
    .optional(),
  system_prompt: z.string().optional(),
  params: paramsSchema.optional(),
  price: priceSchema.optional(),
  concurrency: z.number().int().positive().optional(),
  requests_per_minute: z.number().positive().optional(),
  tokens_per_minute: z.number().positive().optional(),
  timeout_s: z.number().positive().optional(),
  stream: z.boolean().optional(),
  family: z.string().min(1).optional(),
});

/** The file's schema: `defaults` (any system field) and `systems` (id → fields). */
export const llmConfigSchema = z.strictObject({
  defaults: systemFieldsSchema.optional(),
  systems: z.record(z.string().min(1), systemFieldsSchema.nullable()),
});

export type LlmConfigFile = z.infer<typeof llmConfigSchema>;
type SystemFields = z.infer<typeof systemFieldsSchema>;

const KNOWN_KEYS: Record<string, readonly string[]> = {
  root: Object.keys(llmConfigSchema.shape),
  system: Object.keys(systemFieldsSchema.shape),
  params: Object.keys(paramsSchema.shape),
  price: Object.keys(priceSchema.shape),
};

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_TIMEOUT_S = 120;

const SECRET_MESSAGE =
  "an API key does not belong in a config file: put it in an environment variable and name that variable in api_key_env (e.g. api_key_env: OPENAI_API_KEY)";

/**
 * Looks like a key rather than a variable's name: a known key prefix, not a name at all, or a
 * long run of mixed-case letters and digits (variable names are words, keys are random).
 */
const looksLikeSecret = (value: unknown) =>
  typeof value === "string" &&
  (/^(sk|pk|rk|gsk|xai|hf)[-_]/i.test(value) ||
    !ENV_NAME.test(value) ||
    /^(?=.*\d)(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9]{24,}$/.test(value));

/**
 * The 1-based line of a key path: of its value, or of its key when `key` (an unknown key, a
 * refused one); the nearest ancestor's key line when the path is not in the document.
 */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[], key = false) {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
    if (isMap(parent)) {
      const name = String(path[depth - 1]);
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === name);
      const node =
        pair === undefined ? undefined : key || pair.value === null ? pair.key : pair.value;
      const start = (node as { range?: readonly number[] } | null | undefined)?.range?.[0];
      if (start !== undefined) return lines.linePos(start).line;
    }
    key = true;
  }
  const start = doc.contents?.range?.[0];
  return start === undefined ? undefined : lines.linePos(start).line;
}

function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return KNOWN_KEYS.root!;
  const last = String(path[path.length - 1]);
  if (last === "params" || last === "price") return KNOWN_KEYS[last]!;
  return KNOWN_KEYS.system!;
}

/** The key meant: a sampling parameter or a price put beside the system's keys goes under
 * `params` or `price`; else the nearest known key at that level. */
function suggestionFor(key: string, path: readonly PropertyKey[]): string | undefined {
  const known = knownKeysAt(path);
  if (known === KNOWN_KEYS.system) {
    if (KNOWN_KEYS.params!.includes(key)) return `params.${key}`;
    if (KNOWN_KEYS.price!.includes(key)) return `price.${key}`;
  }
  return closestName(key, known);
}

const fieldOf = (path: readonly PropertyKey[]) => path.map(String).join(".");

/** Refuses literal keys before the schema sees them (and removes them, so no issue repeats). */
function refuseSecrets(data: Record<string, unknown>, at: (path: PropertyKey[]) => Issue[]) {
  const issues: Issue[] = [];
  const check = (fields: unknown, path: PropertyKey[]) => {
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) return;
    const record = fields as Record<string, unknown>;
    for (const name of ["api_key", "apiKey", "api-key", "key"]) {
      if (name in record) {
        issues.push(...at([...path, name]));
        delete record[name];
      }
    }
    if ("api_key_env" in record && looksLikeSecret(record.api_key_env)) {
      issues.push(...at([...path, "api_key_env"]));
      delete record.api_key_env;
    }
  };
  check(data.defaults, ["defaults"]);
  const systems = data.systems;
  if (typeof systems === "object" && systems !== null && !Array.isArray(systems))
    for (const [id, fields] of Object.entries(systems)) check(fields, ["systems", id]);
  return issues;
}

/**
 * Where JSON.parse stopped: V8's "at position N" when it says so, else the shortest prefix that
 * fails for a reason other than running out of text (a syntax error found in a prefix stays in
 * every longer one, so a binary search finds it). Its messages are never shown: they quote the source, which
 * may be a key.
 */
function jsonErrorOffset(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  const failsBefore = (end: number) => {
    try {
      JSON.parse(text.slice(0, end));
      return false;
    } catch (error) {
      // Running out of text is no error yet: V8 says so, or names the position of the end.
      const text = (error as Error).message;
      const at = /at position (\d+)/.exec(text);
      return !/end of JSON input/.test(text) && (at === null || Number(at[1]) < end);
    }
  };
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (failsBefore(mid)) high = mid;
    else low = mid + 1;
  }
  return Math.max(0, low - 1);
}

function syntaxIssue(text: string, file: string): Issue | undefined {
  const trimmed = text.trimStart();
  if (!(file.toLowerCase().endsWith(".json") || trimmed.startsWith("{"))) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const offset = jsonErrorOffset(text, (error as Error).message);
    const before = text.slice(0, offset).split("\n");
    const line = before.length;
    const column = before.at(-1)!.length + 1;
    return {
      code: "invalid_json",
      message: `not valid JSON: a syntax error at line ${line}, column ${column}`,
      location: { file, line },
    };
  }
}

function toSystem(id: string, fields: SystemFields): LlmSystem {
  const params: SamplingParams = {};
  const p = fields.params ?? {};
  if (p.temperature !== undefined) params.temperature = p.temperature;
  if (p.top_p !== undefined) params.top_p = p.top_p;
  if (p.max_tokens !== undefined) params.max_tokens = p.max_tokens;
  if (p.seed !== undefined) params.seed = p.seed;
  if (p.stop !== undefined) params.stop = typeof p.stop === "string" ? [p.stop] : p.stop;
  if (p.presence_penalty !== undefined) params.presence_penalty = p.presence_penalty;
  if (p.frequency_penalty !== undefined) params.frequency_penalty = p.frequency_penalty;
  const system: LlmSystem = {
    id,
    model: fields.model ?? id,
    baseUrl: fields.base_url!.replace(/\/+$/, ""),
    params,
    concurrency: fields.concurrency ?? DEFAULT_CONCURRENCY,
    timeoutMs: (fields.timeout_s ?? DEFAULT_TIMEOUT_S) * 1000,
    stream: fields.stream ?? false,
  };
  if (fields.api_key_env !== undefined) system.apiKeyEnv = fields.api_key_env;
  if (fields.system_prompt !== undefined) system.systemPrompt = fields.system_prompt;
  if (fields.price !== undefined)
    system.price = { inputPerMillion: fields.price.input, outputPerMillion: fields.price.output };
  if (fields.requests_per_minute !== undefined)
    system.requestsPerMinute = fields.requests_per_minute;
  if (fields.tokens_per_minute !== undefined) system.tokensPerMinute = fields.tokens_per_minute;
  if (fields.family !== undefined) system.family = fields.family;
  return system;
}

/**
 * The systems a config text declares, in file order, defaults merged under each.
 *
 * @throws IssueError with one issue per problem (file, line, key path), codes "invalid" or
 *   "invalid_json"; never with a secret's value in it.
 * @example parseLlmConfig("systems:\n  m:\n    base_url: http://127.0.0.1:8000/v1\n", "llm.yaml")
 */
export function parseLlmConfig(text: string, file: string): LlmSystem[] {
  const jsonIssue = syntaxIssue(text, file);
  if (jsonIssue) throw new IssueError(jsonIssue);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const [first, ...rest] = doc.errors.map(
      (e): Issue => ({
        code: "invalid",
        message: `not valid YAML: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
        // (An error found at the end of the text, e.g. an unclosed bracket, names the last line.)
        location: {
          file,
          line: lines.linePos(Math.max(0, Math.min(e.pos[0], text.trimEnd().length - 1))).line,
        },
      }),
    );
    throw new IssueError(first!, ...rest);
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined)
    throw new IssueError({
      code: "invalid",
      message: "the file is empty: it needs a `systems:` map",
      location: { file },
    });
  const at = (path: readonly PropertyKey[], message: string, key = false): Issue => {
    const line = lineOf(doc, lines, path, key);
    return {
      code: "invalid",
      message,
      location: {
        file,
        ...(line === undefined ? {} : { line }),
        field: fieldOf(path) || "(record)",
      },
    };
  };
  const issues: Issue[] = [];
  if (typeof data === "object" && !Array.isArray(data))
    issues.push(
      ...refuseSecrets(data as Record<string, unknown>, (path) => [at(path, SECRET_MESSAGE, true)]),
    );
  const parsed = llmConfigSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          const near = suggestionFor(key, issue.path);
          issues.push(
            at(
              [...issue.path, key],
              `unknown key${near === undefined ? "" : ` (did you mean ${near}?)`}`,
              true,
            ),
          );
        }
        continue;
      }
      const missing = issue.code === "invalid_type" && /received undefined/.test(issue.message);
      issues.push(at(issue.path, missing ? "missing" : issue.message));
    }
  }
  if (issues.length === 0 && parsed.success) {
    const defaults = parsed.data.defaults ?? {};
    const systems: LlmSystem[] = [];
    const ids = Object.keys(parsed.data.systems);
    if (ids.length === 0) issues.push(at(["systems"], "declares no system"));
    for (const id of ids) {
      const own = parsed.data.systems[id] ?? {};
      const merged: SystemFields = { ...defaults, ...own };
      if (defaults.params !== undefined || own.params !== undefined)
        merged.params = { ...defaults.params, ...own.params };
      if (merged.base_url === undefined) {
        issues.push(
          at(["systems", id], "base_url is missing (set it here or under defaults)", true),
        );
        continue;
      }
      systems.push(toSystem(id, merged));
    }
    if (issues.length === 0) return systems;
  }
  const [first, ...rest] = issues;
  throw new IssueError(first!, ...rest);
}

/**
 * Reads and parses a systems file.
 * @throws IssueError "io" when the file cannot be read; as parseLlmConfig otherwise.
 */
export async function loadLlmConfig(path: string): Promise<LlmSystem[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "no such file"
        : (error as Error).message;
    throw new IssueError({
      code: "io",
      message: `cannot read the systems file: ${reason}`,
      location: { file: path },
    });
  }
  return parseLlmConfig(text, path);
}

/** The systems whose key variable is unset (or empty) in `env`. */
export function missingApiKeys(
  systems: readonly LlmSystem[],
  env: Readonly<Record<string, string | undefined>>,
): { system: string; variable: string }[] {
  const missing: { system: string; variable: string }[] = [];
  for (const system of systems)
    if (system.apiKeyEnv !== undefined && !env[system.apiKeyEnv])
      missing.push({ system: system.id, variable: system.apiKeyEnv });
  return missing;
}

/**
 * Checks every key variable before any call is made.
 * @throws IssueError (code "usage") with one issue per system whose variable is unset.
 */
export function checkApiKeys(
  systems: readonly LlmSystem[],
  env: Readonly<Record<string, string | undefined>>,
): void {
  const missing = missingApiKeys(systems, env);
  if (missing.length === 0) return;
  const [first, ...rest] = missing.map(
    (m): Issue => ({
      code: "usage",
      message: `$${m.variable} is not set: set it to the API key for system "${m.system}" before running`,
      location: { field: `systems.${m.system}.api_key_env` },
    }),
  );
  throw new IssueError(first!, ...rest);
}
