// Benchmark of `prefkit leaderboard`: end-to-end CLI time (parse + fit + bootstrap) and peak
// memory on synthetic arena logs of 100k, 1M and 3M battles over 100 systems, plus the time of
// the point fit alone after aggregation. Prints a Markdown table for bench/RESULTS.md.
// Usage: npm run build && node bench/leaderboard/run.mjs [--sizes 100000,1000000,3000000] [--repeat 3]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import {
  bradleyTerry,
  createRandom,
  OutcomeCounter,
  pairTableFromCounts,
  simulateBattles,
} from "../../dist/index.js";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : fallback;
};
const sizes = option("--sizes", "100000,1000000,3000000").split(",").map(Number);
const repeat = Number(option("--repeat", "3"));
const root = fileURLToPath(new URL("../..", import.meta.url));
const dataDir = `${root}bench/data`;
mkdirSync(dataDir, { recursive: true });
const cli = `${root}dist/cli/main.js`;
const hasTime = existsSync("/usr/bin/time");

console.log(
  `machine: ${cpus()[0]?.model} × ${availableParallelism()} threads, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
console.log("");
console.log("| battles | file | bootstrap | wall (median of runs) | peak RSS |");
console.log("|---:|---:|---:|---:|---:|");
for (const size of sizes) {
  const file = `${dataDir}/battles-${size}.jsonl`;
  if (!existsSync(file)) {
    execFileSync(
      process.execPath,
      [`${root}bench/leaderboard/generate.mjs`, String(size), "100", file, "1"],
      { stdio: "inherit" },
    );
  }
  for (const rounds of [0, 1000]) {
    const walls = [];
    let peak = 0;
    for (let r = 0; r < repeat; r++) {
      const argv = [
        cli,
        "leaderboard",
        file,
        "--bootstrap",
        String(rounds),
        "--format",
        "json",
        "-o",
        "/dev/null",
      ];
      const start = process.hrtime.bigint();
      const run = hasTime
        ? spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...argv], { encoding: "utf8" })
        : spawnSync(process.execPath, argv, { encoding: "utf8" });
      walls.push(Number(process.hrtime.bigint() - start) / 1e9);
      if (run.status !== 0) throw new Error(run.stderr);
      if (hasTime) peak = Math.max(peak, Number(run.stderr.trim().split("\n").pop()));
    }
    walls.sort((a, b) => a - b);
    const mb = (statSync(file).size / 2 ** 20).toFixed(0);
    const rss = hasTime ? `${(peak / 1024).toFixed(0)} MiB` : "n/a";
    console.log(
      `| ${size.toLocaleString("en")} | ${mb} MiB | ${rounds} | ${walls[walls.length >> 1].toFixed(2)} s (${walls.map((w) => w.toFixed(2)).join(", ")}) | ${rss} |`,
    );
  }
}

// The fit alone: aggregated counts of 3M simulated battles over 100 systems → BT MLE.
const random = createRandom(7);
const ratings = Array.from({ length: 100 }, () => 1000 + 600 * (random() - 0.5));
const seq = simulateBattles({ ratings, battles: 3_000_000, random, tieParameter: 0.4 });
const counter = new OutcomeCounter();
for (let t = 0; t < seq.a.length; t++)
  counter.addIds(
    counter.systemId(`m${seq.a[t]}`),
    counter.systemId(`m${seq.b[t]}`),
    seq.outcome[t],
  );
const table = pairTableFromCounts(counter.toCounts());
const times = [];
for (let r = 0; r < 21; r++) {
  const start = performance.now();
  bradleyTerry(table);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
console.log("");
console.log(
  `point fit after aggregation (100 systems, ${table.i.length} pairs, 3M battles): median ${times[10].toFixed(1)} ms, slowest ${times[20].toFixed(1)} ms (the first, cold run) of 21`,
);
