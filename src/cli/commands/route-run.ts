/** Runs `prefkit route` (its definition: route.ts). */
import { urlId } from "../../api/index.js";
import {
  type GroupReport,
  type RoutedItem,
  type RouteReport,
  type RouteResult,
  routeProject,
  routeReport,
} from "../../app/route/index.js";
import { UsageError } from "../errors.js";
import { openDatabase } from "../open-database.js";
import { textTable } from "../output/text-table.js";

/** The parsed command-line flags of `prefkit route`. */
export interface RouteFlags {
  db: string;
  project: string;
  budget?: number;
  audit?: number;
  seed: number;
  dryRun?: boolean;
  report?: boolean;
  route?: string;
  format: "text" | "json";
}

/** The audit sample when --audit is not given: as many as routed, at most this many. */
const DEFAULT_AUDIT_CAP = 50;
/** Routed pairs listed in text output (JSON lists them all). */
const LISTED = 20;

export async function runRoute(flags: RouteFlags): Promise<void> {
  const work = checkFlags(flags);
  const store = await openDatabase(flags.db);
  try {
    if (!(await store.getProject(flags.project))) {
      throw new UsageError(`the store has no project "${flags.project}"`);
    }
    if (work.kind === "report") {
      const report = await routeReport(store, flags.project, work.options);
      write(flags.format === "json" ? json(report) : renderReport(report));
      return;
    }
    const result = await routeProject(store, flags.project, work.options);
    write(flags.format === "json" ? json(result) : renderRoute(result));
  } finally {
    await store.close();
  }
}

type Work =
  | { kind: "report"; options: { routeId?: string } }
  | { kind: "route"; options: { budget: number; audit: number; seed: number; dryRun: boolean } };

function checkFlags(flags: RouteFlags): Work {
  if (!urlId.safeParse(flags.project).success) {
    throw new UsageError("--project must be 1 to 128 letters, digits, '.', '_' or '-'");
  }
  if (flags.report) {
    const routeOnly = (["budget", "audit", "dryRun"] as const).find((k) => flags[k] !== undefined);
    if (routeOnly !== undefined) {
      const name = routeOnly === "dryRun" ? "--dry-run" : `--${routeOnly}`;
      throw new UsageError(`${name} routes pairs; --report only reads what routes did`);
    }
    return { kind: "report", options: flags.route === undefined ? {} : { routeId: flags.route } };
  }
  if (flags.route !== undefined) throw new UsageError("--route goes with --report");
  if (flags.budget === undefined) {
    throw new UsageError(
      "say how many pairs to route with --budget N (or read a report: --report)",
    );
  }
  if (flags.budget < 1) throw new UsageError("--budget must be at least 1");
  return {
    kind: "route",
    options: {
      budget: flags.budget,
      audit: flags.audit ?? Math.min(flags.budget, DEFAULT_AUDIT_CAP),
      seed: flags.seed,
      dryRun: flags.dryRun === true,
    },
  };
}

const write = (text: string) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
const json = (value: unknown) => JSON.stringify(value, null, 2);
const fixed = (x: number | null, digits = 3) => (x === null ? "-" : x.toFixed(digits));

function renderRoute(r: RouteResult): string {
  const { read, pairs } = r;
  const left = read.leftOut;
  const lines = [
    `project ${r.project}: ${read.judgments} judgments read, ${read.judgeJudgments} pairwise from judge jobs (${read.games} games); ${pairs.judged} pairs judged by AI`,
    `left out: ${pairs.humanJudged} pairs a human judged, ${pairs.alreadyRouted} routed before, ${pairs.live} live-arena pairs; judgments without a judge job's record ${left.aiWithoutJudgeRecord}, a jury's ${left.jury}, not pairwise ${left.notPairwise}, unreadable ${left.unreadable}; failed games ${left.gamesWithoutPreference}`,
    ...read.problems.map((p) => `  unreadable: ${p}`),
  ];
  const what = r.dryRun ? "would route" : "routed";
  lines.push(
    `${what} ${r.routed.length} of ${pairs.considered} pairs considered, and ${r.audit.length} audit pairs drawn at random from the rest${r.dryRun ? " (dry run: nothing stored)" : ` (route ${r.routeId}; ${r.stored} stored)`}`,
    `expected AI labels corrected: ${fixed(r.expected.routed, 2)} by routing vs ${fixed(r.expected.random, 2)} by sending ${r.routed.length} pairs at random (gain ${fixed(r.expected.gain, 2)})`,
  );
  if (r.routed.length > 0) {
    lines.push("", itemTable(r.routed.slice(0, LISTED)));
    if (r.routed.length > LISTED) {
      lines.push(`… ${r.routed.length - LISTED} more routed pairs (--format json lists them all)`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function itemTable(items: readonly RoutedItem[]): string {
  return textTable(
    ["prompt", "x", "y", "p(x)", "estimate", "AI label", "inconsistent", "spread", "judges"],
    items.map((i) => [
      i.promptId,
      i.x,
      i.y,
      fixed(i.p),
      fixed(i.estimate),
      i.aiLabel,
      String(i.inconsistent),
      fixed(i.spread),
      String(i.judges),
    ]),
  );
}

function renderReport(r: RouteReport): string {
  const level = `${Math.round(r.confidence * 100)}%`;
  const row = (name: string, g: GroupReport) => [
    name,
    String(g.pairs),
    String(g.humanJudged),
    String(g.labelled),
    String(g.humanTies),
    String(g.disagreements),
    fixed(g.rate.rate),
    g.rate.lower === null ? "-" : `[${fixed(g.rate.lower)}, ${fixed(g.rate.upper)}]`,
    fixed(g.expected),
  ];
  const table = textTable(
    [
      "",
      "pairs",
      "judged",
      "labelled",
      "human ties",
      "disagree",
      "rate",
      `${level} CI`,
      "expected",
    ],
    [row("routed", r.routed), row("audit (rest)", r.audit)],
  );
  const b = r.baseline;
  const baseline =
    b.rate === null
      ? `random baseline: not known until routed and audit pairs both have human labels`
      : `random baseline over the ${b.considered} pairs considered (routed and rest weighted by size): ${fixed(b.rate)} [${fixed(b.lower)}, ${fixed(b.upper)}]`;
  const { difference, ratio } = r.gain;
  const gain =
    difference === null
      ? "gain: not known until the routed rate and the random baseline are"
      : `gain: ${fixed(difference)} more AI labels corrected per human-labelled pair than at random${ratio === null ? "" : ` (${ratio.toFixed(2)}×)`}`;
  const lines = [
    `project ${r.project}: ${r.routes.length === 0 ? "no routes yet" : `routes ${r.routes.join(", ")}`}`,
    "rate: how often the humans' label differs from the AI label (AI labels a human vote corrects); expected: what the route estimated",
    table,
    baseline,
    gain,
  ];
  if (b.routesLeftOut > 0)
    lines.push(
      `left out of the baseline: ${b.routesLeftOut} routes that do not say how many pairs they considered`,
    );
  if (r.unreadable > 0)
    lines.push(`left out: ${r.unreadable} routed pairs without a route's reason`);
  return `${lines.join("\n")}\n`;
}
