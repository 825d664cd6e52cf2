/**
 * Compiles the child script and the sources it imports (src/core, src/formats, src/store) to
 * JavaScript with TypeScript's transpiler, so a plain `node` process can run them: the tests
 * that SIGKILL a writer or race two processes need a real second process, and Node 20 does not
 * run TypeScript. The output lives under node_modules/.cache, where `kysely`, `pg` and
 * `better-sqlite3` resolve as they do for the sources.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const TREES = ["src/core", "src/formats", "src/store", "test/store/child"];

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listTs(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

export interface BuiltChild {
  /** The compiled child script. */
  entry: string;
  remove(): void;
}

/**
 * @param options.trees the folders to compile (src/core, src/formats, src/store and this child
 * by default); @param options.entry the child script among them.
 */
export function buildChild(
  options: { trees?: readonly string[]; entry?: string } = {},
): BuiltChild {
  const trees = options.trees ?? TREES;
  const entry = options.entry ?? "test/store/child/store-child.ts";
  const cache = join(ROOT, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, "prefkit-store-child-"));
  writeFileSync(join(out, "package.json"), '{ "type": "module" }\n');
  for (const tree of trees) {
    for (const file of listTs(join(ROOT, tree))) {
      const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: true,
        },
        fileName: file,
      });
      const target = join(out, relative(ROOT, file)).replace(/\.ts$/, ".js");
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, outputText);
    }
  }
  return {
    entry: join(out, entry.replace(/\.ts$/, ".js")),
    remove: () => rmSync(out, { recursive: true, force: true }),
  };
}
