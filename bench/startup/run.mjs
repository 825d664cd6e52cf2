/**
 * `npm run bench:startup`: how long `prefkit` takes to start, against bare Node — hyperfine's
 * idea without hyperfine. Each command runs `--runs` times (default 30, after 3 warm-ups), one
 * at a time, interleaved so a slow phase of a shared machine hits every command alike; the
 * table gives the median and the 90th percentile of the wall time, and the median's ratio to
 * `node -e 0`. Needs `npm run build` first (it runs dist/cli/main.js).
 *
 *   node bench/startup/run.mjs [--runs N] [--main FILE]
 *
 * `--main` times another build of the CLI (say, one of an older commit) in the same run.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const option = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const MAIN = "dist/cli/main.js";
const RUNS = Number(option("--runs") ?? 30);
const OTHER = option("--main");
const WARMUP = 3;

if (!existsSync(`${ROOT}${MAIN}`)) {
  console.error(`bench/startup: ${MAIN} is missing; run npm run build first`);
  process.exit(1);
}

const COMMANDS = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "prefkit --version", args: [MAIN, "--version"] },
  { name: "prefkit --help", args: [MAIN, "--help"] },
  { name: "prefkit leaderboard --help", args: [MAIN, "leaderboard", "--help"] },
  ...(OTHER === undefined
    ? []
    : [
        { name: `${OTHER} --version`, args: [OTHER, "--version"] },
        { name: `${OTHER} leaderboard --help`, args: [OTHER, "leaderboard", "--help"] },
      ]),
];

/** Wall time of one run, in ms; a failing command stops the benchmark. */
function time(args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0)
    throw new Error(`node ${args.join(" ")}: exit ${run.status}: ${run.stderr}`);
  return ms;
}

/** The q-quantile of sorted values, interpolated (R-7, as numpy's default). */
function quantile(sorted, q) {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]);
}

const times = COMMANDS.map(() => []);
for (let round = 0; round < WARMUP + RUNS; round++) {
  COMMANDS.forEach((c, k) => {
    const ms = time(c.args);
    if (round >= WARMUP) times[k].push(ms);
  });
}

const medians = times.map((t) =>
  quantile(
    [...t].sort((x, y) => x - y),
    0.5,
  ),
);
console.log(`Node ${process.version}, ${RUNS} runs each after ${WARMUP} warm-ups\n`);
console.log("| command | median | p90 | median ÷ node -e 0 |");
console.log("|---|---:|---:|---:|");
COMMANDS.forEach((c, k) => {
  const sorted = [...times[k]].sort((x, y) => x - y);
  const ratio = (medians[k] / medians[0]).toFixed(2);
  console.log(
    `| \`${c.name}\` | ${medians[k].toFixed(0)} ms | ${quantile(sorted, 0.9).toFixed(0)} ms | ${ratio}× |`,
  );
});
