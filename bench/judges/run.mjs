// End-to-end benchmark of `prefkit agreement` and `prefkit evaluate` on 1M labels: a
// PandaLM-style annotator table (JSON Lines, 333,334 items × 3 annotators, codes 0/1/2, each
// annotator right with probability 0.7 else uniform) read, joined and reported with 1,000
// bootstrap rounds. `evaluate` takes annotator1 as gold and evaluates the other two. The core
// alone is bench/agreement and bench/evaluate; this one includes reading the file.
// Usage: npm run build && node bench/judges/run.mjs [--items 333334] [--repeat 3]
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : fallback;
};
const items = Number(option("--items", "333334"));
const repeat = Number(option("--repeat", "3"));
const root = fileURLToPath(new URL("../../", import.meta.url));
const data = `${root}bench/data`;
const file = `${data}/annotator-table-${items}.jsonl`;

/** A seeded xorshift generator: the same file every time. */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

async function generate() {
  mkdirSync(data, { recursive: true });
  const next = random(12);
  const out = createWriteStream(file);
  for (let i = 0; i < items; i++) {
    const truth = Math.floor(next() * 3);
    const label = () => (next() < 0.7 ? truth : Math.floor(next() * 3));
    const record = {
      idx: i,
      instruction: `question ${i}`,
      response1: "a".repeat(1 + Math.floor(next() * 40)),
      response2: "b".repeat(1 + Math.floor(next() * 40)),
      annotator1: label(),
      annotator2: label(),
      annotator3: label(),
    };
    if (!out.write(`${JSON.stringify(record)}\n`)) await new Promise((r) => out.once("drain", r));
  }
  await new Promise((r) => out.end(r));
}

if (!existsSync(file)) await generate();
const cli = `${root}dist/cli/main.js`;
const runs = {
  agreement: ["agreement", file, "--bootstrap", "1000", "--format", "json", "-o", "/dev/null"],
  evaluate: [
    "evaluate",
    file,
    "--gold",
    "annotator1",
    "--bootstrap",
    "1000",
    "--format",
    "json",
    "-o",
    "/dev/null",
  ],
};
console.log(
  `machine: ${cpus()[0]?.model ?? "?"} × ${availableParallelism()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(`data: ${file} (${items} items, ${3 * items} labels)`);
for (const [name, argv] of Object.entries(runs)) {
  const walls = [];
  let rss = 0;
  for (let k = 0; k < repeat; k++) {
    const r = spawnSync("/usr/bin/time", ["-f", "%e %M", process.execPath, cli, ...argv], {
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
    const [wall, kb] = r.stderr.trim().split("\n").at(-1).split(" ").map(Number);
    walls.push(wall);
    rss = Math.max(rss, kb);
  }
  const sorted = [...walls].sort((a, b) => a - b);
  console.log(
    `${name}: wall ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} s (${walls.map((w) => w.toFixed(2)).join(", ")}), peak RSS ${(rss / 1024).toFixed(0)} MiB`,
  );
}
