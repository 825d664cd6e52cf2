// Benchmark of dataset reading (issue 3): read throughput (MiB/s of the file read, records/s) and
// peak memory of JSON Lines, Parquet and gzipped JSON Lines on synthetic TRL conversational
// preference files (bench/formats/generate.mjs, ~2.2 KB a record) of 100 MiB and 1 GiB. Every
// measurement runs in a fresh process (measure.mjs), one at a time, so its peak RSS is its own;
// wall time is the median of the runs, peak RSS the largest. Prints a Markdown table for
// bench/RESULTS.md. Files are read warm, from the page cache: the numbers are the reader's
// cost, not the disk's.
//
// Usage: npm run build && node bench/formats/run.mjs [--sizes 100M,1G] [--repeat 3 | 3,2]
//   [--seed 1] [--cases bytes,jsonl-records,...] [--json out.json] [--dist DIR] [--cpu-prof DIR]
// --repeat takes one count, or one per size. --dist runs another build of prefkit (default
// dist/). --cpu-prof writes a V8 CPU profile of every measurement into DIR.
import { execFileSync, spawnSync } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import { datasetPath, parseSize, sizeLabel } from "./generate.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : fallback;
};
const root = fileURLToPath(new URL("../..", import.meta.url));
const sizes = option("--sizes", "100M,1G").split(",").map(parseSize);
const repeats = option("--repeat", "3").split(",").map(Number);
const repeatOf = (k) => repeats[Math.min(k, repeats.length - 1)];
const seed = Number(option("--seed", "1"));
const dist = option("--dist", `${root}dist`);
const profileDir = option("--cpu-prof", undefined);
const jsonOut = option("--json", undefined);
const dataDir = `${root}bench/data`;
mkdirSync(dataDir, { recursive: true });

/** What each row measures: the case measure.mjs runs, on which file of the dataset. */
const ROWS = [
  { id: "bytes", file: "jsonl", case: "bytes", label: "JSONL bytes only (stream, count lines)" },
  { id: "jsonl-records", file: "jsonl", case: "records", label: "JSONL records" },
  { id: "jsonl-parse", file: "jsonl", case: "parse", label: "JSONL records + parse/validate" },
  { id: "jsonl-inspect", file: "jsonl", case: "inspect", label: "JSONL `inspect` (full report)" },
  { id: "parquet-write", file: "jsonl", case: "convert", label: "JSONL → Parquet (`convert`)" },
  { id: "parquet-records", file: "parquet", case: "records", label: "Parquet records" },
  {
    id: "parquet-parse",
    file: "parquet",
    case: "parse",
    label: "Parquet records + parse/validate",
  },
  { id: "gz-records", file: "gz", case: "records", label: "JSONL.gz records" },
  { id: "gz-parse", file: "gz", case: "parse", label: "JSONL.gz records + parse/validate" },
];
const wanted = option("--cases", ROWS.map((r) => r.id).join(",")).split(",");
for (const id of wanted) {
  if (!ROWS.some((r) => r.id === id))
    throw new RangeError(`unknown case ${id}; one of ${ROWS.map((r) => r.id).join(", ")}`);
}
const rows = ROWS.filter((r) => wanted.includes(r.id));

/**
 * CPU seconds the whole machine has been busy (Linux /proc/stat, USER_HZ = 100), or NaN.
 * Busy time minus the measured process's own CPU time is what other work took meanwhile.
 */
function machineBusySeconds() {
  try {
    const fields = readFileSync("/proc/stat", "utf8")
      .split("\n")[0]
      .trim()
      .split(/\s+/)
      .map(Number);
    const [, user, nice, system, , , irq, softirq, steal] = fields;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * One measurement in a fresh process: its JSON line, with the process's own wall time and the
 * CPU that other processes used meanwhile (in CPUs: 0 = the machine was ours, 1 = one core busy).
 */
function measure(caseName, file, output) {
  const argv = [
    ...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []),
    `${root}bench/formats/measure.mjs`,
    caseName,
    file,
    ...(output ? [output] : []),
    "--dist",
    dist,
  ];
  const busy = machineBusySeconds();
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, argv, { encoding: "utf8", maxBuffer: 1 << 24 });
  const processSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${caseName} ${file} failed:\n${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split("\n").pop());
  const others = machineBusySeconds() - busy - result.cpuSeconds;
  return { ...result, processSeconds, otherCpus: Math.max(0, others) / processSeconds };
}

/** The gzipped copy of a JSON Lines file (default level), written once beside it. */
async function gzipOnce(file) {
  const gz = `${file}.gz`;
  if (existsSync(gz) && statSync(gz).mtimeMs >= statSync(file).mtimeMs) return gz;
  const temporary = `${gz}.${process.pid}.tmp`;
  await pipeline(createReadStream(file), createGzip(), createWriteStream(temporary));
  renameSync(temporary, gz);
  return gz;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mib = (bytes) => bytes / 2 ** 20;

function git(...argv) {
  try {
    return execFileSync("git", ["-C", root, ...argv], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

const environment = {
  machine: `${cpus()[0]?.model} × ${availableParallelism()} threads, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  node: process.version,
  dist,
  commit: git("rev-parse", "--short", "HEAD"),
  dirty: git("status", "--porcelain", "--", "src").length > 0,
  date: new Date().toISOString(),
};
console.log(
  `machine: ${environment.machine}, Node ${environment.node}; prefkit from ${dist} (repository at ${environment.commit}${environment.dirty ? ", src/ modified" : ""})`,
);

const results = [];
const notes = [];
const table = [
  "",
  "| data | step | file read | wall (median of runs) | MiB/s of file | MiB/s of JSONL | records/s | peak RSS (max) |",
  "|---|---|---:|---:|---:|---:|---:|---:|",
];
for (const [k, bytes] of sizes.entries()) {
  const repeat = repeatOf(k);
  const jsonl = datasetPath(dataDir, bytes, seed);
  execFileSync(
    process.execPath,
    [`${root}bench/formats/generate.mjs`, "--size", String(bytes), "--seed", String(seed)],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const meta = JSON.parse(readFileSync(`${jsonl}.meta.json`, "utf8"));
  const parquet = jsonl.replace(/\.jsonl$/, ".parquet");
  const files = { jsonl, parquet, gz: undefined };
  if (rows.some((r) => r.file === "gz")) files.gz = await gzipOnce(jsonl);
  const needsParquet = rows.some((r) => r.file === "parquet");
  if (needsParquet && !rows.some((r) => r.id === "parquet-write")) {
    if (!existsSync(parquet) || statSync(parquet).mtimeMs < statSync(jsonl).mtimeMs)
      measure("convert", jsonl, parquet);
  }
  for (const row of rows) {
    const file = files[row.file];
    const runs = [];
    for (let r = 0; r < repeat; r++) {
      const result = measure(row.case, file, row.case === "convert" ? parquet : undefined);
      // A benchmark that read the wrong number of records measures nothing.
      if (result.records !== meta.records || result.invalid !== 0)
        throw new Error(
          `${row.id}: ${result.records} records (${result.invalid} invalid), expected ${meta.records}`,
        );
      runs.push(result);
      process.stderr.write(
        `${sizeLabel(bytes)} ${row.id} run ${r + 1}/${repeat}: ${result.seconds.toFixed(2)} s, ${(result.maxRssKiB / 1024).toFixed(0)} MiB, others ${result.otherCpus.toFixed(2)} CPUs\n`,
      );
    }
    const fileBytes = statSync(row.case === "convert" ? jsonl : file).size;
    const seconds = median(runs.map((x) => x.seconds));
    const peakKiB = Math.max(...runs.map((x) => x.maxRssKiB));
    const entry = {
      size: bytes,
      row: row.id,
      file: row.case === "convert" ? jsonl : file,
      fileBytes,
      records: meta.records,
      seconds,
      mibPerSecond: mib(fileBytes) / seconds,
      // The same dataset's JSON Lines bytes per second: comparable across file types.
      jsonlMibPerSecond: mib(meta.bytes) / seconds,
      recordsPerSecond: meta.records / seconds,
      peakRssMiB: peakKiB / 1024,
      runs,
    };
    if (row.case === "convert") entry.parquetBytes = statSync(parquet).size;
    results.push(entry);
    const all = runs.map((x) => x.seconds.toFixed(2)).join(", ");
    table.push(
      `| ${sizeLabel(bytes)} | ${row.label} | ${mib(fileBytes).toFixed(0)} MiB | ${seconds.toFixed(2)} s (${all}) | ${entry.mibPerSecond.toFixed(0)} | ${entry.jsonlMibPerSecond.toFixed(0)} | ${Math.round(entry.recordsPerSecond).toLocaleString("en")} | ${entry.peakRssMiB.toFixed(0)} MiB |`,
    );
  }
  const pq = results.find((e) => e.size === bytes && e.parquetBytes);
  notes.push(
    `${sizeLabel(bytes)}: ${meta.records.toLocaleString("en")} records, ${meta.bytes.toLocaleString("en")} bytes (${(meta.bytes / meta.records).toFixed(0)} B a record)${pq ? `; Parquet ${mib(pq.parquetBytes).toFixed(0)} MiB` : ""}${files.gz ? `; gzip ${mib(statSync(files.gz).size).toFixed(0)} MiB` : ""}`,
  );
}
const others = results.flatMap((e) => e.runs.map((x) => x.otherCpus)).filter((x) => x >= 0);
if (others.length > 0) {
  notes.push(
    `CPU used by other processes during the runs: median ${median(others).toFixed(2)}, at most ${Math.max(...others).toFixed(2)} of ${availableParallelism()} CPUs`,
  );
}
console.log([...table, "", ...notes].join("\n"));
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify({ environment, results }, null, 2)}\n`);
