/**
 * `prefkit inspect FILE…`: what a dataset file is (detected format and why), how many records,
 * which fields, a sample, and a quality report of the preference data it holds.
 */
import { Command, Option } from "commander";
import { type InspectReport, inspectDataset } from "../../formats/dataset/inspect-dataset.js";

export function inspectCommand(): Command {
  return new Command("inspect")
    .description(
      "Describe preference datasets (JSON Lines, JSON, CSV, each optionally .gz, or Parquet): format, fields, quality, prompts shared between splits",
    )
    .argument("<files...>", "dataset files; several files are taken as splits of one dataset")
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json"]).default("text"),
    )
    .action(async (files: string[], flags: { format: "text" | "json" }) => {
      const report = await inspectDataset(files);
      process.stdout.write(
        flags.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderInspect(report),
      );
    });
}

const pct = (x: number | null) => (x === null ? "n/a" : `${(100 * x).toFixed(1)}%`);
const list = (entries: [string, number][]) => entries.map(([k, n]) => `${k} ${n}`).join(", ");

function renderInspect(r: InspectReport): string {
  const q = r.quality;
  const lines = [
    ...r.files.map(
      (f) => `${f.file}: ${f.format === null ? f.reason : `${f.format} (${f.reason})`}`,
    ),
    `records: ${r.records}, invalid: ${r.invalid}`,
    `fields: ${Object.entries(r.fields)
      .map(([k, n]) => `${k} (${n})`)
      .join(", ")}`,
    `pairs: ${q.pairs}, distinct prompts: ${q.distinctPrompts}`,
    `duplicate pairs: ${q.duplicatePairs}, identical chosen/rejected: ${q.identicalPairs}, empty chosen: ${q.emptyChosen}, empty rejected: ${q.emptyRejected}`,
    `possibly truncated: chosen ${q.truncatedChosen}, rejected ${q.truncatedRejected}`,
    `chosen longer than rejected: ${pct(q.chosenLongerShare)} (mean length ${q.meanChosenLength.toFixed(0)} vs ${q.meanRejectedLength.toFixed(0)} characters)`,
    ...(r.rated ? [`rated items: ${r.rated.items}, completions: ${r.rated.completions}`] : []),
    ...(r.unpaired
      ? [`unpaired examples: ${r.unpaired.examples}, desirable: ${pct(r.unpaired.desirableShare)}`]
      : []),
    ...(r.outcomes ? [`outcomes: ${list(Object.entries(r.outcomes))}`] : []),
    ...(r.systems
      ? [
          `systems (appearances, wins/losses/ties): ${Object.entries(r.systems)
            .map(([k, s]) => `${k} ${s.appearances} (${s.wins}/${s.losses}/${s.ties})`)
            .join(", ")}`,
        ]
      : []),
    ...(r.splits
      ? [
          `prompts per split: ${list(Object.entries(r.splits.prompts))}; in more than one split: ${r.splits.shared}`,
          ...r.splits.examples.map((e) => `  shared: ${e}`),
        ]
      : []),
    ...r.errors.map((e) => `invalid: ${e}`),
  ];
  return `${lines.join("\n")}\n`;
}
