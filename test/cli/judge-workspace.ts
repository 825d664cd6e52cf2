/**
 * What the `prefkit judge` end-to-end tests share: the built CLI run as a child process (dist/;
 * build first), and a workspace — a judges file pointing at an in-process fake server whose
 * planted judges (src/llm/fake-judges.ts) answer by model name, and an input file of canonical
 * records: prompts, three systems with families, candidates whose true quality and length are
 * planted, and human votes that always name the truly better candidate.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { plantedAnswer } from "../../src/llm/fake-judges.js";
import { ROOT } from "./run-cli.js";

export const MAIN = join(ROOT, "dist/cli/main.js");
export const KEY = "sk-e2e-judge-secret-value";
export const ENV = { FAKE_KEY: KEY };

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const childEnv = (env: Record<string, string>) => ({ PATH: process.env.PATH ?? "", ...env });

/** Runs the CLI to its end. */
export function cli(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = ENV,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { cwd, encoding: "utf8", env: childEnv(env), maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (typeof code !== "number") reject(error);
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Starts the CLI and returns at once (to be killed). */
export function start(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = ENV,
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd,
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  return Object.assign(child, { output: () => output });
}

export const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

/** Resolves once `predicate` holds (polled every 10 ms), or rejects after `ms`. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  ms = 20_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

export type JsonRecord = Record<string, unknown> & { type: string };

/** The records of a JSON Lines file. */
export const records = (path: string): JsonRecord[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as JsonRecord);

export const SYSTEMS = [
  { id: "alpha", family: "gpt" },
  { id: "beta", family: "llama" },
  { id: "gamma", family: "gpt" },
] as const;

/** Planted per (prompt, system): a quality in [0, 1] and a number of extra sentences. */
export function planted(prompt: number, system: number): { quality: number; extra: number } {
  return {
    quality: ((prompt * 37 + system * 53 + 11) % 97) / 96,
    extra: (prompt * 7 + system * 3) % 5,
  };
}

/** A candidate's text: a sentence, `extra` more, and its planted quality. */
export function answerText(prompt: number, system: number): string {
  const { quality, extra } = planted(prompt, system);
  const base = `${SYSTEMS[system]!.id} answers question ${prompt}.${" It adds one more detail.".repeat(extra)}`;
  return plantedAnswer(base, quality);
}

export interface WorkspaceOptions {
  /** Prompts in the input (p0 …). */
  prompts: number;
  /** Judge id → fake model name ("judge-first", …). */
  judges: Record<string, string>;
  /** Human votes on every pair of the prompts whose index is a multiple of this (0: none). */
  humansEvery?: number;
  /** Judge id → family. */
  families?: Record<string, string>;
  concurrency?: number;
  /** A reference system "ref" whose candidate of each prompt is its reference answer. */
  reference?: boolean;
}

export interface Workspace {
  path: string;
  judges: string;
  input: string;
  out: string;
}

let workspaces = 0;

/** A fresh folder under `root` with a judges file (on `fakeUrl`) and an input file. */
export function judgeWorkspace(root: string, fakeUrl: string, o: WorkspaceOptions): Workspace {
  const path = join(root, `w${workspaces++}`);
  mkdirSync(path, { recursive: true });
  const judges = join(path, "judges.yaml");
  writeFileSync(
    judges,
    [
      "defaults:",
      `  base_url: ${fakeUrl}`,
      "  api_key_env: FAKE_KEY",
      "  price: { input: 1, output: 2 }",
      `  concurrency: ${o.concurrency ?? 4}`,
      "systems:",
      ...Object.entries(o.judges).map(
        ([id, model]) =>
          `  ${id}: { model: ${model}${o.families?.[id] ? `, family: ${o.families[id]}` : ""} }`,
      ),
      "",
    ].join("\n"),
  );
  const lines: unknown[] = SYSTEMS.map((s) => ({
    type: "system",
    id: s.id,
    config: { family: s.family },
  }));
  if (o.reference) lines.push({ type: "system", id: "ref" });
  for (let p = 0; p < o.prompts; p++) {
    lines.push({
      type: "prompt",
      id: `p${p}`,
      messages: [{ role: "user", content: `question ${p}` }],
    });
    SYSTEMS.forEach((s, i) => {
      lines.push({
        type: "candidate",
        id: `p${p}-${s.id}`,
        prompt: `p${p}`,
        system: s.id,
        messages: [{ role: "assistant", content: answerText(p, i) }],
      });
    });
    if (o.reference)
      lines.push({
        type: "candidate",
        id: `p${p}-ref`,
        prompt: `p${p}`,
        system: "ref",
        messages: [{ role: "assistant", content: `The reference answer to question ${p}.` }],
      });
    if (o.humansEvery && p % o.humansEvery === 0) {
      for (let i = 0; i < SYSTEMS.length; i++)
        for (let j = i + 1; j < SYSTEMS.length; j++) {
          const better = planted(p, i).quality >= planted(p, j).quality;
          lines.push({
            type: "judgment",
            id: `h-p${p}-${i}-${j}`,
            kind: "pairwise",
            prompt: `p${p}`,
            a: `p${p}-${SYSTEMS[i]!.id}`,
            b: `p${p}-${SYSTEMS[j]!.id}`,
            outcome: better ? "a" : "b",
            source: { kind: "human", annotator: "rater" },
          });
        }
    }
  }
  const input = join(path, "input.jsonl");
  writeFileSync(input, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
  return { path, judges, input, out: join(path, "judged.jsonl") };
}
