/**
 * `prefkit inspect FILE`: what a dataset file is (detected format and why), how many records,
 * which fields, a sample, and a quality report of the preference pairs it holds.
 */
import { Command, Option } from "commander";
import { QualityAccumulator } from "../../core/dataset/quality.js";
import { type DatasetFormat, detectDatasetFormat } from "../../formats/dataset/detect.js";
import { parseRecord } from "../../formats/dataset/parse-record.js";
import {
  type LocatedRecord,
  readCsvRecords,
  readJsonlRecords,
} from "../../formats/dataset/read-records.js";
import { UsageError } from "../errors.js";

const MAX_ERRORS = 5;

export function inspectCommand(): Command {
  return new Command("inspect")
    .description(
      "Describe a preference dataset (JSON Lines, optionally .gz, or CSV): format, fields, quality",
    )
    .argument("<file>", "the dataset file")
    .addOption(
      new Option("--format <format>", "output format").choices(["table", "json"]).default("table"),
    )
    .action(async (file: string, flags: { format: "table" | "json" }) => {
      const report = await inspect(file);
      process.stdout.write(
        flags.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderInspect(report),
      );
    });
}

function recordsOf(file: string): AsyncGenerator<LocatedRecord> {
  const lower = file.toLowerCase().replace(/\.gz$/, "");
  if (lower.endsWith(".csv")) return readCsvRecords(file);
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json"))
    return readJsonlRecords(file);
  throw new UsageError(
    `${file}: inspect reads .jsonl, .ndjson, .json (one object per line) and .csv, optionally .gz`,
  );
}

export async function inspect(file: string) {
  let format: DatasetFormat | undefined;
  let reason = "";
  let records = 0;
  let invalid = 0;
  let sample: Record<string, unknown> | undefined;
  const fields = new Map<string, number>();
  const errors: string[] = [];
  const quality = new QualityAccumulator();
  const outcomes = new Map<string, number>();
  const systems = new Map<string, number>();
  let unpaired = 0;
  let desirable = 0;
  for await (const located of recordsOf(file)) {
    if (!located.ok) {
      invalid++;
      if (errors.length < MAX_ERRORS) errors.push(`${file}:${located.line}: ${located.message}`);
      continue;
    }
    records++;
    for (const key of Object.keys(located.record)) fields.set(key, (fields.get(key) ?? 0) + 1);
    if (!format) {
      const detected = detectDatasetFormat(located.record);
      if (!detected)
        throw new UsageError(
          `${file}:${located.line}: unknown dataset format (fields: ${Object.keys(located.record).join(", ")})`,
        );
      format = detected.format;
      reason = detected.reason;
      sample = located.record;
    }
    if (format === "arena") {
      const { model_a, model_b, winner } = located.record;
      outcomes.set(String(winner), (outcomes.get(String(winner)) ?? 0) + 1);
      for (const s of [model_a, model_b]) systems.set(String(s), (systems.get(String(s)) ?? 0) + 1);
    }
    const parsed = parseRecord(format, located.record);
    if (!parsed.ok) {
      invalid++;
      if (errors.length < MAX_ERRORS) {
        errors.push(
          ...parsed.issues
            .slice(0, 1)
            .map((i) => `${file}:${located.line}: ${i.field}: ${i.message}`),
        );
      }
      continue;
    }
    for (const p of parsed.pairs) quality.add(p);
    unpaired += parsed.unpaired.length;
    desirable += parsed.unpaired.filter((u) => u.label).length;
  }
  if (!format) throw new UsageError(`${file}: no records`);
  return {
    file,
    format,
    reason,
    records,
    invalid,
    errors,
    fields: Object.fromEntries([...fields].sort((a, b) => b[1] - a[1])),
    sample: truncate(sample),
    quality: quality.report(),
    ...(format === "arena"
      ? {
          outcomes: Object.fromEntries([...outcomes].sort()),
          systems: Object.fromEntries([...systems].sort((a, b) => b[1] - a[1])),
        }
      : {}),
    ...(unpaired > 0
      ? { unpaired: { examples: unpaired, desirableShare: desirable / unpaired } }
      : {}),
  };
}

function truncate(value: unknown): unknown {
  if (typeof value === "string") return value.length > 120 ? `${value.slice(0, 117)}...` : value;
  if (Array.isArray(value)) return value.slice(0, 3).map(truncate);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, truncate(v)]));
  return value;
}

function renderInspect(r: Awaited<ReturnType<typeof inspect>>): string {
  const q = r.quality;
  const pct = (x: number | null) => (x === null ? "n/a" : `${(100 * x).toFixed(1)}%`);
  const lines = [
    `${r.file}: ${r.format} (${r.reason})`,
    `records: ${r.records}, invalid: ${r.invalid}`,
    `fields: ${Object.entries(r.fields)
      .map(([k, n]) => `${k} (${n})`)
      .join(", ")}`,
    `pairs: ${q.pairs}, distinct prompts: ${q.distinctPrompts}`,
    `duplicate pairs: ${q.duplicatePairs}, identical chosen/rejected: ${q.identicalPairs}, empty chosen: ${q.emptyChosen}, empty rejected: ${q.emptyRejected}`,
    `chosen longer than rejected: ${pct(q.chosenLongerShare)} (mean length ${q.meanChosenLength.toFixed(0)} vs ${q.meanRejectedLength.toFixed(0)} characters)`,
    ...(r.outcomes
      ? [
          `outcomes: ${Object.entries(r.outcomes)
            .map(([k, n]) => `${k} ${n}`)
            .join(", ")}`,
        ]
      : []),
    ...(r.systems
      ? [
          `battles per system: ${Object.entries(r.systems)
            .map(([k, n]) => `${k} ${n}`)
            .join(", ")}`,
        ]
      : []),
    ...(r.unpaired
      ? [`unpaired examples: ${r.unpaired.examples}, desirable: ${pct(r.unpaired.desirableShare)}`]
      : []),
    ...r.errors.map((e) => `invalid: ${e}`),
  ];
  return `${lines.join("\n")}\n`;
}
