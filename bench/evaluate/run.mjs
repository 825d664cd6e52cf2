// Benchmark of judge evaluation (src/core/metrics evaluateVerdicts): 1M synthetic comparisons
// judged in both orders, 6 subsets, lengths and probabilities, 1,000 bootstrap rounds. Each run
// is a child process (so peak RSS is its own): it builds the table, then times evaluateVerdicts.
// Prints a Markdown table (median of the runs).
// Usage: npx tsc -p tsconfig.build.json && node bench/evaluate/run.mjs [--n 1000000] [--rounds 1000] [--repeat 3]
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : fallback;
};
const n = Number(option("--n", "1000000"));
const rounds = Number(option("--rounds", "1000"));
const repeat = Number(option("--repeat", "3"));

if (args.includes("--child")) {
  const { evaluateVerdicts } = await import("../../dist/core/metrics/index.js");
  const { createRandom } = await import("../../dist/core/random/index.js");
  const random = createRandom(12345);
  const subsets = 6;
  const gold = new Float64Array(n);
  const subset = new Int32Array(n);
  const shownInOrder = new Float64Array(n);
  const shownSwapped = new Float64Array(n);
  const unparsed = new Uint8Array(n);
  const lengthA = new Float64Array(n);
  const lengthB = new Float64Array(n);
  const probability = new Float64Array(n);
  const verdict = (g, firstBias) => {
    const u = random();
    if (u < 0.03) return Number.NaN; // unparsed
    if (u < 0.1) return 0.5;
    const right = random() < 0.75;
    const v = right ? g : 1 - g;
    return random() < firstBias ? 1 : v;
  };
  for (let i = 0; i < n; i++) {
    const u = random();
    const g = u < 0.45 ? 1 : u < 0.9 ? 0 : 0.5;
    gold[i] = g;
    subset[i] = Math.floor(random() * subsets);
    shownInOrder[i] = verdict(g, 0.05);
    const swapped = verdict(g, 0.05);
    shownSwapped[i] = Number.isNaN(swapped)
      ? swapped
      : swapped === 1
        ? 0
        : swapped === 0
          ? 1
          : swapped;
    unparsed[i] = (Number.isNaN(shownInOrder[i]) ? 1 : 0) | (Number.isNaN(shownSwapped[i]) ? 2 : 0);
    lengthA[i] = Math.floor(200 + 2000 * random());
    lengthB[i] = random() < 0.02 ? Number.NaN : Math.floor(200 + 2000 * random());
    probability[i] =
      random() < 0.1 ? Number.NaN : Math.min(1, Math.max(0, g * 0.7 + 0.3 * random()));
  }
  const table = {
    n,
    gold,
    subset,
    subsetNames: Array.from({ length: subsets }, (_, s) => `subset-${s}`),
    shownInOrder,
    shownSwapped,
    unparsed,
    lengthA,
    lengthB,
    probability,
  };
  const start = performance.now();
  const result = evaluateVerdicts(table, { rounds, seed: 1 });
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, accuracy: result.overall.accuracy }));
  process.exit(0);
}

const root = fileURLToPath(new URL("../..", import.meta.url));
if (!existsSync(`${root}dist/core/metrics/index.js`)) {
  throw new Error("build first: npx tsc -p tsconfig.build.json");
}
const hasTime = existsSync("/usr/bin/time");
console.log(
  `machine: ${cpus()[0]?.model} × ${availableParallelism()} threads, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
console.log("");
console.log(
  "| comparisons | rounds | evaluateVerdicts (median of runs) | peak RSS (whole process) |",
);
console.log("|---:|---:|---:|---:|");
const times = [];
let peak = 0;
for (let r = 0; r < repeat; r++) {
  const argv = [
    fileURLToPath(import.meta.url),
    "--child",
    "--n",
    String(n),
    "--rounds",
    String(rounds),
  ];
  const run = hasTime
    ? spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...argv], { encoding: "utf8" })
    : spawnSync(process.execPath, argv, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  times.push(JSON.parse(run.stdout.trim().split("\n").pop()).ms / 1000);
  if (hasTime) peak = Math.max(peak, Number(run.stderr.trim().split("\n").pop()));
}
times.sort((a, b) => a - b);
const rss = hasTime ? `${(peak / 1024).toFixed(0)} MiB` : "n/a";
console.log(
  `| ${n.toLocaleString("en")} | ${rounds} | ${times[times.length >> 1].toFixed(2)} s (${times.map((t) => t.toFixed(2)).join(", ")}) | ${rss} |`,
);
