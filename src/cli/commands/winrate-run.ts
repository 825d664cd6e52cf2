/** Runs `prefkit winrate` (its definition: winrate.ts). */
import { type SystemWinRate, winRates } from "../../app/evaluate/win-rates.js";
import { UsageError } from "../errors.js";
import { textTable } from "../output/text-table.js";
import { emitReport } from "../output/write-output.js";
import type { LabelFlags } from "./label-options.js";
import { readLabelledFiles } from "./read-labelled.js";

export async function runWinRate(paths: string[], flags: WinRateFlags): Promise<void> {
  if (!flags.baseline) throw new UsageError("winrate needs --baseline SYSTEM");
  const read = await readLabelledFiles(paths, flags);
  const rows = winRates(read.join.joined(), {
    baseline: flags.baseline,
    ...(flags.judges ? { labellers: flags.judges } : {}),
    rounds: flags.bootstrap,
    seed: flags.seed,
  });
  const text =
    flags.format === "json"
      ? `${JSON.stringify({ baseline: flags.baseline, files: read.files, invalid: read.invalid, errors: read.errors, systems: rows }, null, 2)}\n`
      : renderWinRates(rows, flags.baseline, flags.bootstrap);
  emitReport(text, flags.output);
}

const fixed = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? "-" : x.toFixed(digits);

function renderWinRates(rows: readonly SystemWinRate[], baseline: string, rounds: number): string {
  const parts: string[] = [];
  for (const labeller of new Set(rows.map((r) => r.labeller))) {
    const mine = rows.filter((r) => r.labeller === labeller);
    parts.push(
      `judge ${labeller}, against ${baseline} (arena-hard: ${rounds} bootstrap rounds, 5%–95%)`,
      textTable(
        [
          "system",
          "items",
          "win rate",
          "± s.e.",
          "discrete",
          "wins/draws/losses",
          "unparsed",
          "LC win rate",
          "arena-hard",
          "interval",
        ],
        mine.map((r) => {
          const w = r.alpacaEval;
          const lc = r.lengthControlled;
          return [
            r.system,
            String(r.items),
            fixed(w.winRate),
            fixed(w.standardError),
            fixed(w.discreteWinRate),
            `${w.wins}/${w.draws}/${w.losses}`,
            String(w.unparsed),
            lc === null
              ? "-"
              : typeof lc === "string"
                ? "n/a"
                : `${fixed(lc.lengthControlledWinRate)}${lc.extremeChange ? " (!)" : ""}`,
            fixed(r.arenaHard?.score),
            r.arenaHard?.lower == null
              ? "-"
              : `${fixed(r.arenaHard.lower)} – ${fixed(r.arenaHard.upper)}`,
          ];
        }),
      ),
      "",
    );
  }
  if (rows.some((r) => typeof r.lengthControlled === "object" && r.lengthControlled?.extremeChange))
    parts.push(
      "(!) the length-controlled win rate moved far from the raw one (AlpacaEval's warning rule)",
    );
  return `${parts.join("\n")}\n`;
}

/** The parsed command-line flags of `prefkit winrate` (options: winrate.ts). */
export interface WinRateFlags extends LabelFlags {
  judges?: string[];
}
