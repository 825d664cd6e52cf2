/** Runs `prefkit leaderboard`: reads the logs, fits each group, writes the report and plots. */
import { type Bootstrap, fitLeaderboards } from "../../app/leaderboard/index.js";
import { loadOptional } from "../../core/optional-package.js";
import { DEFAULT_OPTIONS, type LeaderboardOptions } from "../../core/rating/leaderboard-types.js";
import { sampleFieldNames } from "../../formats/arena/field-names.js";
import {
  type ArenaReadResult,
  type FileSummary,
  readArena,
} from "../../formats/arena/read-arena.js";
import { DEFAULT_CODEC_OPTIONS } from "../../formats/dataset/codec-types.js";
import { expandInputs } from "../../formats/dataset/input-paths.js";
import { parallelBootstrap } from "../../parallel/parallel-bootstrap.js";
import { UsageError } from "../errors.js";
import { type JudgmentFlags, judgmentInput } from "../options.js";
import { render } from "../output/render.js";
import { buildReport, type GroupBoard } from "../output/report.js";
import { emitReport, writeOutput } from "../output/write-output.js";
import { Progress } from "../progress.js";
import { didYouMean, listNames } from "../suggest.js";

/** The parsed command-line flags of `prefkit leaderboard`. */
export interface Flags {
  method: "bt" | "elo" | "davidson" | "rao-kupper";
  ties?: "half" | "davidson" | "drop";
  bootstrap: number;
  seed: number;
  prior: number | "auto";
  confidence: number;
  k: number;
  styleControl?: boolean;
  by?: string;
  where: { field: string; value: string }[];
  anchor?: { system: string; rating: number };
  minBattles: number;
  format: "table" | "json" | "csv" | "markdown";
  output?: string;
  plot?: string;
  skipInvalid?: boolean;
  threads: number;
  progress?: boolean;
}

/** Checks the flag combinations (UsageError), then reads, fits, and writes the outputs. */
export async function runLeaderboard(
  paths: string[],
  flags: Flags & JudgmentFlags,
  version: string,
): Promise<void> {
  const options = optionsOf(flags);
  const judgments = await judgmentInput(flags);
  const files = await expandInputs(paths);
  const progress = new Progress(flags.progress ?? process.stderr.isTTY === true);
  const spec = {
    ...(flags.by ? { by: flags.by } : {}),
    where: flags.where,
    timestamps: options.method === "elo",
    style: options.styleControl,
  };
  const data = await readArena(files, {
    spec,
    skipInvalid: flags.skipInvalid ?? false,
    // Only the JSON report shows the input hash; other formats skip that pass over the bytes.
    hashInput: flags.format === "json",
    threads: flags.threads,
    onProgress: (done, total) => progress.update("reading", done, total, "B"),
    // Files that are not arena logs are read as battles through the dataset readers.
    dataset: {
      ...(judgments.from ? { from: judgments.from } : {}),
      codec: { ...DEFAULT_CODEC_OPTIONS, ...judgments.codec },
    },
  });
  progress.done();
  reportSkipped(data.files);
  await checkFields(files, flags, data);
  checkAnchor(flags, data);
  reportUngrouped(flags, data);
  if (data.groups.size === 0) throw new UsageError("no battles left after filtering");

  const bootstrap: Bootstrap = async (problem, group) => {
    let done = 0;
    const samples = await parallelBootstrap(problem, { threads: flags.threads }, (rounds) => {
      done += rounds;
      progress.update(
        group ? `bootstrap ${group}` : "bootstrap",
        done,
        options.bootstrapRounds,
        " rounds",
      );
    });
    progress.done();
    return samples;
  };
  const boards: GroupBoard[] = [];
  for await (const fit of fitLeaderboards(data.groups, options, bootstrap)) {
    // A group too thin to fit stops the run: the filters or --min-battles leave too little.
    if ("skipped" in fit) throw new UsageError(fit.skipped);
    boards.push({ group: flags.by ? fit.group : null, board: fit.board });
  }
  const report = buildReport(
    {
      version,
      options,
      ...(flags.by ? { by: flags.by } : {}),
      where: flags.where,
      files: data.files,
      filtered: data.filtered,
      ungrouped: data.ungrouped,
    },
    boards,
  );
  const text =
    flags.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : render(report, flags.format);
  emitReport(text, flags.output);
  if (flags.plot) {
    // Loaded on demand: vega is large, optional, and most runs draw nothing.
    const { renderLeaderboardSvg } = await loadOptional(
      { feature: "--plot", packages: ["vega", "vega-lite"] },
      () => import("../plot/leaderboard-svg.js"),
    );
    for (const { group, board } of boards) {
      const path =
        group === null
          ? flags.plot
          : flags.plot.replace(/(\.svg)?$/i, `-${group.replace(/[^\w.-]+/g, "_")}.svg`);
      const title = `prefkit ${report.method}${group === null ? "" : ` — ${flags.by} = ${group}`} (${options.bootstrapRounds} bootstrap rounds)`;
      const svg = await renderLeaderboardSvg({
        title,
        systems: board.rows.map((r) => ({
          name: r.system,
          rating: r.rating,
          ciLower: r.ciLower,
          ciUpper: r.ciUpper,
        })),
        winRate: { systems: board.systems, matrix: board.predictedWinRate },
      });
      writeOutput(path, svg);
    }
  }
}

/** The fit's options; the method choice names flags, so it is checked here (UsageError). */
function optionsOf(flags: Flags): LeaderboardOptions {
  let method = flags.method;
  let ties: "half" | "drop" = "half";
  if (flags.ties === "davidson") {
    if (method !== "bt" && method !== "davidson")
      throw new UsageError(`--ties davidson conflicts with --method ${method}`);
    method = "davidson";
  } else if (flags.ties) {
    if (method !== "bt")
      throw new UsageError(
        `--ties ${flags.ties} applies to --method bt only (${method} models ties itself)`,
      );
    ties = flags.ties;
  }
  if (flags.styleControl && method !== "bt")
    throw new UsageError("--style-control works with --method bt");
  return {
    ...DEFAULT_OPTIONS,
    method,
    ties,
    bootstrapRounds: flags.bootstrap,
    seed: flags.seed,
    prior: flags.prior,
    confidence: flags.confidence,
    eloK: flags.k,
    styleControl: flags.styleControl ?? false,
    minBattles: flags.minBattles,
    ...(flags.anchor ? { anchor: flags.anchor } : {}),
  };
}

/**
 * A `--by` or `--where` field that no valid record has is a mistyped option (UsageError), not a
 * filter that matched nothing: the message names the closest fields and those there are.
 */
async function checkFields(files: string[], flags: Flags, data: ArenaReadResult): Promise<void> {
  const options = [
    ...(flags.by === undefined ? [] : [{ path: flags.by, flag: `--by ${flags.by}` }]),
    ...flags.where.map((w) => ({ path: w.field, flag: `--where ${w.field}=${w.value}` })),
  ];
  const records = data.files.reduce((s, f) => s + f.records, 0);
  const absent = options.find((o) => (data.present[o.path] ?? 0) === 0);
  if (absent === undefined || records === 0) return;
  const names = await sampleFieldNames(files);
  const what = absent.flag.startsWith("--by") ? "this field" : `the field ${absent.path}`;
  throw new UsageError(
    `${absent.flag}: no record has ${what}${didYouMean(absent.path, names.paths)}; the records have ${listNames(names.top)}`,
  );
}

/** An `--anchor` system that has no battle (after `--where`) is a usage error naming the closest. */
function checkAnchor(flags: Flags, data: ArenaReadResult): void {
  if (!flags.anchor || data.groups.size === 0) return;
  const systems = new Set<string>();
  for (const input of data.groups.values()) for (const s of input.counts.systems) systems.add(s);
  const wanted = flags.anchor.system;
  if (systems.has(wanted)) return;
  const names = [...systems].sort();
  const hint = didYouMean(wanted, names);
  const where = flags.where.length > 0 ? " --where keeps" : "";
  throw new UsageError(
    `--anchor ${wanted}: no system ${JSON.stringify(wanted)} in the battles${where}${hint || `; they are ${listNames(names)}`}`,
  );
}

/** Battles without the `--by` field are in no leaderboard: said on stderr (and `ungrouped` in JSON). */
function reportUngrouped(flags: Flags, data: ArenaReadResult): void {
  if (flags.by === undefined || data.ungrouped === 0) return;
  const one = data.ungrouped === 1;
  process.stderr.write(
    `prefkit: ${data.ungrouped} battle${one ? " has" : "s have"} no ${flags.by} (or not a text, number or true/false there) and ${one ? "is" : "are"} in no leaderboard\n`,
  );
}

/** One line on stderr per file with records skipped by --skip-invalid. */
function reportSkipped(files: readonly FileSummary[]): void {
  for (const f of files) {
    // What reading a judgment file as battles decided (strong verdicts, unparsed labels).
    for (const [what, n] of Object.entries(f.dataset?.derived ?? {}))
      process.stderr.write(`prefkit: ${f.path} (${f.dataset!.format}): ${what}: ${n}\n`);
    const skipped = Object.values(f.skipped).reduce((s, n) => s + (n ?? 0), 0);
    if (skipped > 0) {
      const why = Object.entries(f.skipped)
        .map(([code, n]) => `${n} ${code.replace(/_/g, " ")}`)
        .join(", ");
      process.stderr.write(
        `prefkit: skipped ${skipped} invalid record${skipped === 1 ? "" : "s"} in ${f.path} (${why}); first: ${f.firstSkipped}\n`,
      );
    }
  }
}
