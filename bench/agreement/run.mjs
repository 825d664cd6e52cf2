// Benchmark of agreementReport: a synthetic table of 1M labels (333,334 items × 3 raters, 3
// categories, planted confusion matrices, every rater labels every item) and the full report —
// percent agreement, Fleiss' κ, nominal and ordinal Krippendorff's α, pairwise weighted Cohen's κ,
// each with a 1,000-round bootstrap, majority vote, Dawid–Skene, flip rates, rater table. Each
// run is a fresh Node process; prints wall times (median of runs) and peak RSS.
// Usage: npx tsc -p tsconfig.build.json && node bench/agreement/run.mjs [--items 333334] [--rounds 1000] [--repeat 3]
import { spawnSync } from "node:child_process";
import { availableParallelism, cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : fallback;
};
const items = Number(option("--items", "333334"));
const rounds = Number(option("--rounds", "1000"));
const repeat = Number(option("--repeat", "3"));

if (args.includes("--child")) {
  const { agreementReport, createRandomSource, simulateLabels } = await load();
  const start = performance.now();
  const { table } = simulateLabels({
    itemCount: items,
    priors: [0.45, 0.1, 0.45],
    confusion: [
      [
        [0.85, 0.2, 0.05],
        [0.1, 0.6, 0.1],
        [0.05, 0.2, 0.85],
      ],
      [
        [0.75, 0.3, 0.1],
        [0.15, 0.5, 0.15],
        [0.1, 0.2, 0.75],
      ],
      [
        [0.6, 0.3, 0.2],
        [0.2, 0.4, 0.2],
        [0.2, 0.3, 0.6],
      ],
    ],
    random: createRandomSource(1),
  });
  const built = performance.now();
  const report = agreementReport(table, {
    rounds,
    seed: 1,
    scale: "ordinal",
    tieRule: "category:1",
  });
  const done = performance.now();
  JSON.stringify(report);
  console.log(
    JSON.stringify({
      labels: table.item.length,
      patterns: report.counts.patterns,
      simulateMs: built - start,
      reportMs: done - built,
      maxRssKiB: process.resourceUsage().maxRSS,
      alpha: report.krippendorffAlpha.ordinal,
      dsIterations: report.dawidSkene.ok ? report.dawidSkene.iterations : null,
      flip: report.flipRate.ok ? report.flipRate.overall : null,
    }),
  );
  process.exit(0);
}

async function load() {
  const root = new URL("../../dist/core/", import.meta.url);
  const agreement = await import(new URL("agreement/index.js", root).href);
  const random = await import(new URL("random/index.js", root).href);
  return { ...agreement, createRandomSource: random.createRandom };
}

const script = fileURLToPath(import.meta.url);
console.log(
  `machine: ${cpus()[0]?.model} × ${availableParallelism()} threads, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
const runs = [];
for (let r = 0; r < repeat; r++) {
  const run = spawnSync(
    process.execPath,
    [script, "--child", "--items", String(items), "--rounds", String(rounds)],
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  runs.push(JSON.parse(run.stdout));
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const first = runs[0];
console.log(
  `${first.labels.toLocaleString("en")} labels (${items.toLocaleString("en")} items × 3 raters, 3 categories), ${first.patterns} patterns, ${rounds} bootstrap rounds`,
);
console.log("");
console.log("| step | median of runs | runs |");
console.log("|---|---:|---:|");
for (const [name, key] of [
  ["simulate the table", "simulateMs"],
  ["agreementReport (all statistics, bootstrap, DS)", "reportMs"],
]) {
  const values = runs.map((run) => run[key]);
  console.log(
    `| ${name} | ${(median(values) / 1000).toFixed(3)} s | ${values.map((v) => (v / 1000).toFixed(3)).join(", ")} |`,
  );
}
console.log(
  `| peak RSS of the process | ${(median(runs.map((run) => run.maxRssKiB)) / 1024).toFixed(0)} MiB | ${runs.map((run) => (run.maxRssKiB / 1024).toFixed(0)).join(", ")} |`,
);
console.log("");
console.log(
  `ordinal α ${first.alpha.value.toFixed(4)} [${first.alpha.interval.lower.toFixed(4)}, ${first.alpha.interval.upper.toFixed(4)}], Dawid–Skene ${first.dsIterations} iterations, overall flip rate ${first.flip.toFixed(4)}`,
);
