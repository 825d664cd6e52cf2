// One measurement of bench/formats, run by run.mjs in a fresh process so that the peak resident
// set size (process.resourceUsage().maxRSS, KiB) belongs to this measurement alone. Prints one
// JSON line: {case, seconds, records, invalid, items, maxRssKiB, cpuSeconds}. The clock starts after the
// modules are loaded and stops when the last record has been handled.
// Usage: node bench/formats/measure.mjs CASE FILE [OUTPUT] [--dist DIR]
import { createReadStream } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const k = args.indexOf("--dist");
const dist = k >= 0 ? args.splice(k, 2)[1] : fileURLToPath(new URL("../../dist", import.meta.url));
const [name, file, output] = args;
const load = (path) => import(pathToFileURL(`${dist}/${path}`).href);

const { readDatasetRecords } = await load("formats/dataset/read-records.js");
const { CODECS, DEFAULT_CODEC_OPTIONS } = await load("formats/dataset/codecs.js");
const trl = CODECS["trl-preference"];

/** Bytes only: the file read in 64 KiB chunks (as the readers read it), line feeds counted. */
async function bytesOnly(path) {
  let records = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) records++;
  }
  return { records, invalid: 0 };
}

async function records(path) {
  let count = 0;
  let invalid = 0;
  for await (const located of readDatasetRecords(path)) {
    count++;
    if (!located.ok) invalid++;
  }
  return { records: count, invalid };
}

/** Records, each parsed and validated into items by the TRL preference codec (zod). */
async function parsed(path) {
  let count = 0;
  let invalid = 0;
  let items = 0;
  for await (const located of readDatasetRecords(path)) {
    count++;
    if (!located.ok) {
      invalid++;
      continue;
    }
    const result = trl.read(located.record, DEFAULT_CODEC_OPTIONS);
    if (result.ok) items += result.value.length;
    else invalid++;
  }
  return { records: count, invalid, items };
}

async function inspect(path) {
  const { inspectDataset } = await load("formats/dataset/inspect-dataset.js");
  const report = await inspectDataset([path]);
  return { records: report.records, invalid: report.invalid, report: summary(report) };
}

/** `prefkit convert IN OUT --to trl-preference --keep-identical` (duplicates are kept by default). */
async function convert(path, out) {
  const { convertDataset } = await load("formats/dataset/convert.js");
  const result = await convertDataset(path, out, {
    to: "trl-preference",
    strategy: "all",
    minMargin: Number.MIN_VALUE,
    criterion: "mean",
    attribute: "helpfulness",
    where: [],
    // Every record is written, so the Parquet file holds the same records as the JSON Lines.
    dropDuplicates: false,
    conflicts: "keep",
    keepIdentical: true,
    dropEmpty: false,
    source: { kind: "human", annotator: "import" },
  });
  return { records: result.records, invalid: result.invalid, items: result.written[out] };
}

const summary = (r) => ({
  format: r.format,
  pairs: r.quality.pairs,
  distinctPrompts: r.quality.distinctPrompts,
  duplicatePairs: r.quality.duplicatePairs,
  identicalPairs: r.quality.identicalPairs,
  chosenLongerShare: r.quality.chosenLongerShare,
});

const CASES = {
  bytes: bytesOnly,
  records,
  parse: parsed,
  inspect,
  convert,
};

const run = CASES[name];
if (!run) throw new RangeError(`unknown case ${name}; one of ${Object.keys(CASES).join(", ")}`);
const start = process.hrtime.bigint();
const result = await run(file, output);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const usage = process.resourceUsage();
// The whole process's CPU time (startup included): run.mjs subtracts it from the machine's.
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
console.log(
  JSON.stringify({ case: name, seconds, ...result, maxRssKiB: usage.maxRSS, cpuSeconds }),
);
