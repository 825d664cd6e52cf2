/**
 * The layering rules of docs/style.md ("Layout shows the architecture"), made mechanical:
 * imports point down only, the core is pure, and no file imports itself through a cycle.
 * Import specifiers are found with regular expressions over the source with comments removed:
 * static imports and re-exports (`… from "x"`), side-effect imports (`import "x"`) and dynamic
 * imports (`import("x")`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "src");

interface Import {
  /** The specifier as written. */
  specifier: string;
  /** Repository-relative path of the imported file, for relative specifiers. */
  target?: string;
  line: number;
  /** `import type { … }` or `export type { … }`: erased, no code of the target runs. */
  typeOnly: boolean;
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listTs(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** Blanks comments but keeps line breaks, so line numbers stay right. */
function stripComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, " "))
    .replace(/(^|[\s;{}()])\/\/[^\n]*/g, "$1");
}

const SPECIFIER_PATTERNS = [
  /\bfrom\s*["']([^"']+)["']/g,
  /(?:^|[\s;])import\s*["']([^"']+)["']/g,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
];

/** Resolves a relative specifier the way NodeNext does for our sources: `.js` names the `.ts`. */
function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base.replace(/\.js$/, ".ts"),
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, "index.ts"),
  ];
  // A stylesheet the UI's bundler takes in is a file too.
  if (/\.css$/.test(base)) return existsSync(base) ? base : undefined;
  return candidates.find((c) => /\.tsx?$/.test(c) && existsSync(c));
}

/** The imports of a source text; `file` resolves the relative ones. */
function importsIn(text: string, file: string): Import[] {
  const source = stripComments(text);
  const found: Import[] = [];
  for (const pattern of SPECIFIER_PATTERNS) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1]!;
      const line = source.slice(0, match.index).split("\n").length;
      const statement = source.slice(source.lastIndexOf(";", match.index) + 1, match.index);
      const typeOnly = /^\s*(import|export)\s+type\b/.test(statement);
      const entry: Import = { specifier, line, typeOnly };
      if (specifier.startsWith(".")) {
        const target = resolveRelative(file, specifier);
        if (target) entry.target = relative(ROOT, target);
      }
      found.push(entry);
    }
  }
  return found.sort((x, y) => x.line - y.line);
}

const importsOf = (file: string): Import[] => importsIn(readFileSync(file, "utf8"), file);

const files = listTs(SRC).map((path) => ({
  path: relative(ROOT, path),
  imports: importsOf(path),
}));
const byPath = new Map(files.map((f) => [f.path, f]));

const inside = (path: string, folder: string) => path.startsWith(`src/${folder}/`);
const sourceLines = (path: string) =>
  stripComments(readFileSync(join(ROOT, path), "utf8")).split("\n");

/** The zod schemas of prefkit's canonical records: shared by files and the HTTP API. */
const RECORD_SCHEMAS = [
  "src/formats/dataset/prefkit-canonical-schema.ts",
  "src/formats/dataset/field-limits.ts",
  "src/formats/dataset/dataset-formats.ts",
];
const where = (file: string, imp: Import) => `${file}:${imp.line} imports "${imp.specifier}"`;

/** Each import that `breaks` the rule, of the files `chosen` picks, with its place and target. */
const breaking = (chosen: (path: string) => boolean, breaks: (i: Import) => boolean) =>
  files
    .filter((f) => chosen(f.path))
    .flatMap((f) =>
      f.imports.filter(breaks).map((i) => `${where(f.path, i)}${i.target ? ` (${i.target})` : ""}`),
    );
const within = (folder: string) => (path: string) => inside(path, folder);
/** A relative import of a file in one of `folders`. */
const into =
  (...folders: string[]) =>
  (i: Import) =>
    i.target !== undefined && folders.some((folder) => inside(i.target!, folder));

describe("architecture (docs/style.md layering)", () => {
  it("finds the sources and their imports", () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => inside(f.path, "core"))).toBe(true);
    const bt = byPath.get("src/core/rating/bradley-terry.ts");
    expect(bt?.imports.map((i) => i.target)).toContain("src/core/linalg/cholesky.ts");
  });

  it("resolves every relative import to a file", () => {
    const unresolved = files.flatMap((f) =>
      f.imports
        .filter((i) => i.specifier.startsWith(".") && i.target === undefined)
        .map((i) => `${where(f.path, i)}, which does not exist`),
    );
    expect(unresolved).toEqual([]);
  });

  it("src/core imports neither node:* nor any package (relative imports only)", () => {
    const offending = breaking(within("core"), (i) => !/^\.\.?\//.test(i.specifier));
    expect(offending, "core must stay pure and dependency-free").toEqual([]);
  });

  it("src/core imports nothing outside src/core", () => {
    const offending = breaking(within("core"), (i) => i.target !== undefined && !into("core")(i));
    expect(offending).toEqual([]);
  });

  it("src/formats imports nothing from src/cli", () => {
    expect(breaking(within("formats"), into("cli"))).toEqual([]);
  });

  it.each([
    // The store holds data (it may read the canonical format); the use cases (app) sit on the
    // store, formats and core; the server speaks HTTP over them; the CLI composes everything.
    // Nothing points back up.
    ["store", ["server", "cli", "api", "app", "jobs", "llm"]],
    ["app", ["server", "cli", "web"]],
    // Model calls (providers, config, request keys) know no database; the job runner knows the
    // store and the handlers it is given, not what they call.
    ["llm", ["store", "jobs", "app", "server", "cli", "web", "api", "formats", "parallel"]],
    ["jobs", ["llm", "app", "server", "cli", "web", "api", "formats", "parallel"]],
    ["server", ["cli"]],
    ["formats", ["store", "server", "api", "app"]],
    // Worker threads for the rating engine, shared by the CLI and the server.
    ["parallel", ["formats", "store", "server", "cli", "web", "api", "app"]],
  ])("src/%s imports nothing from %j", (folder, forbidden) => {
    expect(breaking(within(folder), into(...forbidden))).toEqual([]);
  });

  it("src/web (the browser UI) talks to the server over HTTP: it imports only src/web, and src/api's types", () => {
    // An import of src/api that is not type-only would bundle zod and the schemas.
    const offending = breaking(
      within("web"),
      (i) => i.target !== undefined && !into("web")(i) && !(into("api")(i) && i.typeOnly),
    );
    expect(files.some((f) => f.path === "src/web/queue/QueuePage.tsx")).toBe(true);
    expect(offending).toEqual([]);
  });

  it("src/web validates nothing itself: it has no zod (the contract is src/api's)", () => {
    expect(breaking(within("web"), (i) => i.specifier === "zod")).toEqual([]);
  });

  it("src/api (the HTTP contract) is browser-safe: zod, src/core and the record schemas only", () => {
    // The canonical record schemas are the contract of prefkit's files and of its HTTP bodies
    // alike ("an exported line can be posted back as it is"), so src/api shares them rather
    // than copy them. They stay browser-safe: each imports zod and the others only.
    const contract = (path: string) => inside(path, "api") || RECORD_SCHEMAS.includes(path);
    const offending = breaking(contract, (i) =>
      i.target === undefined ? i.specifier !== "zod" : !contract(i.target) && !into("core")(i),
    );
    expect(files.some((f) => f.path === "src/api/index.ts")).toBe(true);
    expect(offending).toEqual([]);
  });

  it("declares each schema of the HTTP API once: in src/api, under one name, of one shape", async () => {
    // A shape written twice drifts: the server's and the UI's copies of the leaderboard once
    // did. Three checks. (1) Only src/api and the record schemas of src/formats declare object
    // schemas among the modules that speak HTTP (src/server, src/web). (2) No two modules
    // export a schema under the same name. (3) No two schemas src/api exports have the same
    // JSON Schema: a shape copied under a second name inside the contract.
    const objects = files
      .filter((f) => inside(f.path, "server") || inside(f.path, "web"))
      .flatMap((f) =>
        sourceLines(f.path)
          .map((text, k) => ({ text, line: k + 1 }))
          .filter(({ text }) => /\bz\.(strictObject|object|looseObject)\s*\(/.test(text))
          .map(({ line }) => `${f.path}:${line} declares an object schema`),
      );
    expect(objects).toEqual([]);

    const exporters = new Map<string, string[]>();
    for (const f of files) {
      for (const m of stripComments(readFileSync(join(ROOT, f.path), "utf8")).matchAll(
        /export const (\w+)\s*=\s*(?:z\.|\w+\.(?:extend|partial|omit|pick)\()/g,
      )) {
        exporters.set(m[1]!, [...(exporters.get(m[1]!) ?? []), f.path]);
      }
    }
    const twice = [...exporters].filter(([, paths]) => paths.length > 1);
    expect(twice.map(([name, paths]) => `${name}: ${paths.join(", ")}`)).toEqual([]);

    const contract = await import("../src/api/index.js");
    const { z } = await import("zod");
    const byShape = new Map<string, string[]>();
    for (const [name, value] of Object.entries(contract)) {
      if (!(value instanceof z.ZodType)) continue;
      const shape = JSON.stringify(z.toJSONSchema(value, { io: "input", unrepresentable: "any" }));
      byShape.set(shape, [...(byShape.get(shape) ?? []), name]);
    }
    expect(byShape.size).toBeGreaterThan(20);
    const same = [...byShape.values()].filter((names) => names.length > 1);
    expect(same).toEqual([]);
  });

  it("nothing outside src/web imports the browser UI", () => {
    expect(breaking((path) => !inside(path, "web"), into("web"))).toEqual([]);
  });

  it("src/core calls no Math.random, process or fetch (randomness and I/O are injected)", () => {
    const offending: string[] = [];
    for (const f of files.filter((file) => inside(file.path, "core"))) {
      const lines = stripComments(readFileSync(join(ROOT, f.path), "utf8")).split("\n");
      lines.forEach((text, k) => {
        const hit = /\bMath\.random\b|\bprocess\.|\bfetch\s*\(/.exec(text);
        if (hit) offending.push(`${f.path}:${k + 1} uses ${hit[0]}`);
      });
    }
    expect(offending).toEqual([]);
  });

  it("has no import cycles between files", () => {
    // Depth-first search with colours; a grey target closes a cycle, reported from its start.
    const WHITE = 0;
    const GREY = 1;
    const BLACK = 2;
    const colour = new Map<string, number>(files.map((f) => [f.path, WHITE]));
    const stack: string[] = [];
    const cycles: string[] = [];
    const visit = (path: string) => {
      colour.set(path, GREY);
      stack.push(path);
      for (const imp of byPath.get(path)?.imports ?? []) {
        const target = imp.target;
        if (target === undefined || !byPath.has(target)) continue;
        const c = colour.get(target);
        if (c === GREY) {
          const cycle = [...stack.slice(stack.indexOf(target)), target];
          cycles.push(`${where(path, imp)}, closing the cycle ${cycle.join(" → ")}`);
        } else if (c === WHITE) visit(target);
      }
      stack.pop();
      colour.set(path, BLACK);
    };
    for (const f of files) if (colour.get(f.path) === WHITE) visit(f.path);
    expect(cycles).toEqual([]);
  });
});

describe("architecture checker", () => {
  it("tells type-only imports from the others", () => {
    const source = [
      "/** x; */",
      'import type { A } from "./types.js";',
      'import { b, type C } from "./mixed.js";',
      "import type {",
      "  D,",
      '} from "./more.js";',
      'export type { E } from "./e.js";',
    ].join("\n");
    expect(importsIn(source, join(SRC, "a.ts")).map((i) => [i.specifier, i.typeOnly])).toEqual([
      ["./types.js", true],
      ["./mixed.js", false],
      ["./more.js", true],
      ["./e.js", true],
    ]);
  });

  it("strips comments but keeps line numbers and string contents", () => {
    const source = 'a /* x\ny */ b\nconst u = "http://x"; // note from "y"\n';
    const stripped = stripComments(source);
    expect(stripped.split("\n")).toHaveLength(4);
    expect(stripped).toContain('"http://x"');
    expect(stripped).not.toContain('from "y"');
  });

  it("recognises static, re-export, side-effect, type and dynamic imports", () => {
    const source = [
      'import { a } from "./a.js";',
      'import type { B } from "../b.js";',
      'export { c } from "node:fs";',
      'import "side-effect";',
      'const m = await import("./lazy.js");',
      "import {",
      "  d,",
      '} from "pkg";',
    ].join("\n");
    const found = SPECIFIER_PATTERNS.flatMap((p) => [...source.matchAll(p)].map((m) => m[1]));
    expect(found.sort()).toEqual(
      ["../b.js", "./a.js", "./lazy.js", "node:fs", "pkg", "side-effect"].sort(),
    );
  });
});

describe("start-up (issue 11): commands load what they use", () => {
  /**
   * Imports a module runs when it loads: static imports and re-exports, not `import type` or
   * `import()`. Statements start a line (biome formats them so), which keeps "import" inside a
   * string from counting.
   */
  const LOADED_PATTERNS = [
    /^\s*(?:import|export)(\s+type\b)?[\w$*{},\s]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import()\s*["']([^"']+)["']/gm,
  ];
  function loadedBy(path: string): string[] {
    const source = stripComments(readFileSync(join(ROOT, path), "utf8"));
    return LOADED_PATTERNS.flatMap((pattern) =>
      [...source.matchAll(pattern)]
        .filter((m) => m[1] === undefined || m[1] === "")
        .map((m) => {
          const specifier = m[2]!;
          if (!specifier.startsWith(".")) return specifier;
          const target = resolveRelative(join(ROOT, path), specifier);
          return target === undefined ? specifier : relative(ROOT, target);
        }),
    );
  }
  /** Every file and package `entry` loads before it runs, following static imports only. */
  function staticallyLoaded(entry: string): Set<string> {
    const seen = new Set<string>([entry]);
    const queue = [entry];
    for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
      if (!path.startsWith("src/")) continue;
      for (const next of loadedBy(path)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  }
  const packageOf = (s: string) =>
    s
      .split("/")
      .slice(0, s.startsWith("@") ? 2 : 1)
      .join("/");
  const SERVER_PACKAGES = [
    "fastify",
    "@fastify/static",
    "@fastify/rate-limit",
    "pg",
    "better-sqlite3",
    "kysely",
  ];

  it("tells type-only and dynamic imports from the ones a module loads", () => {
    const source = [
      'import { a } from "./a.js";',
      'import type { B } from "b";',
      'import { type C, d } from "d";',
      'export type { E } from "e";',
      'export { f } from "f";',
      'import "g";',
      'const h = await import("h");',
    ].join("\n");
    const found = LOADED_PATTERNS.flatMap((p) =>
      [...source.matchAll(p)].filter((m) => !m[1]).map((m) => m[2]),
    );
    expect(found.sort()).toEqual(["./a.js", "d", "f", "g"]);
  });

  it("prefkit --version and --help load only the command definitions: commander and no layer below", () => {
    const loaded = [...staticallyLoaded("src/cli/main.ts")];
    expect(loaded).toContain("src/cli/commands/leaderboard.ts");
    const packages = loaded.filter((p) => !p.startsWith("src/") && !p.startsWith("node:"));
    expect(packages.map(packageOf)).toEqual(["commander"]);
    const below = loaded.filter((p) => /^src\/(server|store|parallel)\//.test(p));
    expect(below).toEqual([]);
  });

  it("prefkit leaderboard loads no server code: no src/server, src/store, fastify, pg or SQLite", () => {
    const loaded = [...staticallyLoaded("src/cli/commands/leaderboard-run.ts")];
    expect(loaded).toContain("src/app/leaderboard/fit-leaderboards.ts");
    const offending = loaded.filter(
      (p) =>
        /^src\/(server|store)\//.test(p) ||
        SERVER_PACKAGES.includes(packageOf(p)) ||
        packageOf(p).startsWith("vega"),
    );
    expect(offending).toEqual([]);
  });
});
