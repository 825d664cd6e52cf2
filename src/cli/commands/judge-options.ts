/**
 * `prefkit judge`'s flags checked before anything is paid for, each refusal a usage error naming
 * the flag: where the judgments go, the template (a built-in or a file), the flags that apply to
 * the template's mode only, the defaults that depend on the template (the combining rule), and —
 * once the input is read — what the input must hold for the flags to make sense (a baseline or
 * reference system with candidates, human labels for a weighted jury, given pairs for
 * `--pairs given`).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { JudgeInputs } from "../../app/judge/judge-inputs.js";
import type { JudgeItemPayload, JudgeOutput, PairSelection } from "../../app/judge/types.js";
import { IssueError } from "../../core/issue.js";
import type { CombineRule } from "../../core/judge/combine-orders.js";
import { datasetFileKind } from "../../formats/dataset/read-file-kind.js";
import { checkWritableTarget } from "../../formats/dataset/write-target.js";
import { BUILTIN_TEMPLATES, builtinTemplate } from "../../llm/judge/builtin.js";
import { loadJudgeTemplate } from "../../llm/judge/template-file.js";
import type { JudgeTemplate, LabelMeaning } from "../../llm/judge/types.js";
import type { LlmSystem } from "../../llm/types.js";
import { UsageError } from "../errors.js";
import { list } from "./job-command.js";
import type { Flags } from "./judge-flags.js";

/** Where the judgments go, from --out/--output-format or --db/--project. */
export function checkOutputFlags(files: readonly string[], flags: Flags): JudgeOutput {
  if (flags.fromProject) {
    if (files.length > 0) throw new UsageError("give input files or --from-project, not both");
    if (flags.project === undefined)
      throw new UsageError("--from-project judges the candidates of --project");
  } else if (files.length === 0) {
    throw new UsageError("name the input files, or use --from-project with --db and --project");
  }
  if (flags.project !== undefined && flags.db === undefined)
    throw new UsageError("--project needs --db: the store that holds the project");
  if (flags.db !== undefined && flags.jobsDb !== undefined)
    throw new UsageError("--jobs-db is for runs without --db (with --db, the job lives there)");
  if (flags.out !== undefined && flags.project !== undefined && !flags.fromProject)
    throw new UsageError("give --out FILE or --project ID, not both");
  if (flags.out === undefined) {
    if (flags.outputFormat !== undefined)
      throw new UsageError(
        "--output-format is the format of --out; a project holds judgments as they are",
      );
    if (flags.project !== undefined) return { kind: "project", projectId: flags.project };
    throw new UsageError("say where the judgments go: --out FILE, or --db URL --project ID");
  }
  const format = flags.outputFormat ?? "canonical";
  // Checked before any call is paid for: canonical judgments carry nested values (the judge's
  // record) that a CSV cell cannot hold.
  if (format === "canonical" && datasetFileKind(flags.out, "write") === "csv")
    throw new UsageError(
      `--out ${flags.out}: canonical judgments hold nested values (the judge's record) that CSV cannot hold; write .jsonl, .json or .parquet, or --output-format arena or trl`,
    );
  datasetFileKind(flags.out, "write");
  checkWritableTarget(resolve(flags.out));
  return { kind: "file", path: resolve(flags.out), format };
}

/**
 * The template: a built-in by name, else a template file; arena-hard when none is named.
 * @throws UsageError for a name that is neither; IssueError (usage) for a malformed file.
 */
export async function resolveTemplate(name: string | undefined): Promise<JudgeTemplate> {
  if (name === undefined) return builtinTemplate("arena-hard")!;
  const builtin = builtinTemplate(name);
  if (builtin !== undefined) return builtin;
  if (!existsSync(name))
    throw new UsageError(
      `--template ${name}: no built-in template has this name and no such file exists (built-ins: ${BUILTIN_TEMPLATES.map((t) => t.id).join(", ")})`,
    );
  try {
    return await loadJudgeTemplate(name);
  } catch (error) {
    if (!(error instanceof IssueError) || error.code === "io") throw error;
    const [first, ...rest] = error.issues.map((issue) => ({ ...issue, code: "usage" as const }));
    throw new IssueError(first!, ...rest);
  }
}

/** The judges of the config, or the --only ones (in the config's order). */
export function chooseJudges(all: readonly LlmSystem[], only: readonly string[] | undefined) {
  if (only === undefined) return [...all];
  const ids = new Set(all.map((j) => j.id));
  const unknown = only.filter((id) => !ids.has(id));
  if (unknown.length > 0)
    throw new UsageError(
      `--only ${list(unknown)}: not in --judges (its judges: ${list(all.map((j) => j.id))})`,
    );
  return all.filter((j) => only.includes(j.id));
}

const labelsOf = (template: JudgeTemplate): readonly LabelMeaning[] =>
  Object.values(template.verdict.labels ?? {});

/** A template whose labels include strong verdicts ("A>>B"): arena-hard's rule suits it. */
export const hasStrongLabels = (template: JudgeTemplate): boolean =>
  labelsOf(template).some((l) => "strength" in l && l.strength === "strong");

/** What the mode-dependent flags come to, defaults applied. */
export interface ModeOptions {
  orders: "both" | "one";
  combine: CombineRule;
  strongWeight: number;
  permutations: number;
}

/**
 * Refuses flags that do not apply to the template's mode or to each other, and applies the
 * defaults: orders both; combine arena-hard for templates with strong labels, else mt-bench;
 * strong weight 3; permutations 1.
 */
export function checkModeFlags(
  template: JudgeTemplate,
  flags: Flags,
  judges: readonly LlmSystem[],
): ModeOptions {
  const mode = template.mode;
  const named = `template ${template.id} is ${mode}`;
  if (mode !== "pairwise") {
    for (const [flag, value] of [
      ["--pairs", flags.pairs],
      ["--orders", flags.orders],
      ["--combine", flags.combine],
      ["--strong-weight", flags.strongWeight],
    ] as const)
      if (value !== undefined)
        throw new UsageError(`${flag} applies to pairwise templates; ${named}`);
    if (flags.out !== undefined && (flags.outputFormat === "arena" || flags.outputFormat === "trl"))
      throw new UsageError(
        `--output-format ${flags.outputFormat} holds pairwise judgments only; ${named}: write --output-format canonical`,
      );
  }
  if (mode !== "listwise" && flags.permutations !== undefined)
    throw new UsageError(`--permutations applies to listwise templates; ${named}`);
  const orders = flags.orders ?? "both";
  if (orders === "one" && flags.combine !== undefined)
    throw new UsageError(
      "--combine joins the two orders of a pair; with --orders one there is one",
    );
  // A TRL file is one preference per pair: arena-hard's and "both"'s one judgment per order (and
  // strong copies) would give a position-biased judge's pair once each way. Its orders are merged
  // (mt-bench: orders that disagree are a tie, left out and counted).
  const trl = flags.out !== undefined && flags.outputFormat === "trl";
  if (trl && mode === "pairwise" && flags.combine !== undefined && flags.combine !== "mt-bench")
    throw new UsageError(
      `--output-format trl writes one preference per pair, so both orders are merged (--combine mt-bench); --combine ${flags.combine} writes a judgment per order: use --output-format canonical or arena for it`,
    );
  const combine = flags.combine ?? (!trl && hasStrongLabels(template) ? "arena-hard" : "mt-bench");
  if (flags.strongWeight !== undefined && combine !== "arena-hard")
    throw new UsageError(`--strong-weight applies to --combine arena-hard; the rule is ${combine}`);
  const declaresReference = template.variables.includes("reference");
  if (declaresReference && flags.referenceSystem === undefined)
    throw new UsageError(
      `template ${template.id} shows a reference answer ({{reference}}): name the system whose candidates are the references with --reference-system`,
    );
  if (!declaresReference && flags.referenceSystem !== undefined)
    throw new UsageError(
      `--reference-system: template ${template.id} shows no reference answer (it has no {{reference}}); use mt-bench-single-reference or a template file that declares one`,
    );
  if (flags.jury !== undefined && judges.length < 2)
    throw new UsageError(
      `--jury needs several judges, and ${judges.length === 1 ? `only "${judges[0]!.id}" is` : "none is"} chosen`,
    );
  if (flags.jury === "weighted" && mode !== "pairwise")
    throw new UsageError(`--jury weighted weighs judges by pairwise accuracy; ${named}`);
  return {
    orders,
    combine,
    strongWeight: flags.strongWeight ?? 3,
    permutations: flags.permutations ?? 1,
  };
}

/**
 * Checks the flags against what the input holds, and chooses the pairs: --pairs, else `given`
 * when the input's judgments name pairs, else `all` (`defaulted` says which, for a notice).
 */
export function checkAgainstInputs(
  inputs: JudgeInputs,
  template: JudgeTemplate,
  flags: Flags,
): { selection: PairSelection; defaulted: boolean } {
  if (inputs.candidates.length === 0)
    throw new UsageError(
      `nothing to judge: the input has no candidate with text under a prompt with a question (${inputs.read.candidates} candidates and ${inputs.read.prompts} prompts read)`,
    );
  const systemsNote = `(the input's systems: ${list(inputs.systems)})`;
  const needSystem = (flag: string, system: string) => {
    if (!inputs.systems.includes(system))
      throw new UsageError(
        `${flag}: no candidate of system "${system}" in the input ${systemsNote}`,
      );
  };
  if (flags.referenceSystem !== undefined) needSystem("--reference-system", flags.referenceSystem);
  if (flags.jury === "weighted" && inputs.humanLabels.length === 0)
    throw new UsageError(
      "--jury weighted weighs each judge by its accuracy against the input's human labels, and the input has none (its pairwise judgments are an AI's, or there are none): use --jury majority or mean",
    );
  if (template.mode !== "pairwise") return { selection: { kind: "all" }, defaulted: false };
  const pairs = flags.pairs;
  if (pairs === undefined)
    return {
      selection: inputs.givenPairs.length > 0 ? { kind: "given" } : { kind: "all" },
      defaulted: true,
    };
  if (pairs.kind === "baseline") {
    needSystem("--pairs baseline", pairs.system);
    if (pairs.system === flags.referenceSystem)
      throw new UsageError("--pairs baseline: the baseline cannot be the --reference-system");
  }
  if (pairs.kind === "given" && inputs.givenPairs.length === 0)
    throw new UsageError(
      "--pairs given: the input's judgments name no pair of its candidates; use --pairs all, baseline:SYSTEM or sample:K",
    );
  if (pairs.kind === "sample")
    return { selection: { ...pairs, seed: flags.seed ?? 0 }, defaulted: false };
  return { selection: pairs, defaulted: false };
}

/**
 * An arena log holds battles of two systems: a planned pair of one system's answers (a TRL or
 * LLMBar file's, whose answers all name one system) would be judged and then left out. Counts
 * the planned pairs (each once: its first judge's first game) and those of one system.
 */
export class ArenaPairs {
  #pairs = 0;
  #selfPairs = 0;
  #judge: string | undefined;
  readonly #arena: boolean;
  readonly #bothOrders: boolean;

  constructor(output: JudgeOutput, orders: "both" | "one") {
    this.#arena = output.kind === "file" && output.format === "arena";
    this.#bothOrders = orders === "both";
  }

  add(p: JudgeItemPayload): void {
    if (!this.#arena || p.mode !== "pairwise") return;
    this.#judge ??= p.judge;
    // One item per pair: the first judge's, and of a pair shown in both orders its game 1.
    if (p.judge !== this.#judge || (this.#bothOrders && p.game === 2)) return;
    this.#pairs++;
    if (p.answers[0]!.systemId === p.answers[1]!.systemId) this.#selfPairs++;
  }

  /**
   * A notice when some planned pairs are of one system, undefined when none is.
   * @throws UsageError when every pair is: the arena log would hold no battle.
   */
  check(): string | undefined {
    if (this.#selfPairs === 0) return undefined;
    if (this.#selfPairs === this.#pairs)
      throw new UsageError(
        `--output-format arena: every pair to judge is of two answers of one system (an arena log holds battles of two systems, so it would be empty); the input's candidates name no distinct systems — write --output-format canonical or trl`,
      );
    return `warning: ${this.#selfPairs} of ${this.#pairs} pairs are two answers of one system: judged, but left out of the arena log`;
  }
}
