/**
 * First step of a leaderboard: restrict to systems with enough battles, decide the prior
 * (methods.md §0 degenerate-input contract), fit the point estimate and collect warnings.
 */
import { err, ok, type Result } from "../result.js";
import { connectivity } from "./connectivity.js";
import { fitMethod, type StyleData } from "./fit-method.js";
import {
  DEFAULT_OPTIONS,
  type LeaderboardInput,
  type LeaderboardOptions,
  type LeaderboardProblem,
  type LeaderboardWarning,
  WEAK_PRIOR,
} from "./leaderboard-types.js";
import { type BattleSequence, onlineElo } from "./online-elo.js";
import { type OutcomeCounts, totalCount } from "./outcome-counts.js";
import { pairTableFromCounts } from "./pair-table.js";
import { restrictSystems } from "./restrict-systems.js";
import { styleDesign } from "./style-design.js";

/** FastChat's style-control penalty, 0.5 on log10 ratings, expressed on θ. */
const STYLE_PRIOR = 0.5 / Math.log(10) ** 2;

/**
 * @throws RangeError on bad options, and where `safePrepareLeaderboard` answers why not.
 */
export function prepareLeaderboard(
  input: LeaderboardInput,
  partial: Partial<LeaderboardOptions> = {},
): LeaderboardProblem {
  const prepared = safePrepareLeaderboard(input, partial);
  if (!prepared.ok) throw new RangeError(prepared.error);
  return prepared.value;
}

/**
 * `prepareLeaderboard` with data too thin to fit as an answer, not an exception (zod's
 * `safeParse` to its `parse`): too few systems or battles (a new project, a small group), or
 * no per-battle data for online Elo or style control. The error is the reason, for the user.
 * @throws RangeError on bad options (a caller's bug: shells validate what users give).
 */
export function safePrepareLeaderboard(
  input: LeaderboardInput,
  partial: Partial<LeaderboardOptions> = {},
): Result<LeaderboardProblem, string> {
  const options = validateOptions({ ...DEFAULT_OPTIONS, ...partial });
  const { counts, sequence, style } = restrictSystems(input, options.minBattles);
  if (counts.systems.length < 2 || totalCount(counts) === 0) {
    return err("a leaderboard needs battles between at least two systems");
  }
  const warnings: LeaderboardWarning[] = [];
  const table = pairTableFromCounts(counts);
  const names = (ids: number[]) => ids.map((i) => counts.systems[i]!);

  if (options.method === "elo") {
    if (!sequence) return err("online Elo needs the battles in order");
    const theta = onlineElo(sequence, { k: options.eloK, scale: options.scale });
    return ok({
      options,
      systems: counts.systems,
      counts,
      table,
      sequence,
      prior: 0,
      theta,
      warnings,
    });
  }

  const graph = connectivity(table, options.method !== "bt" || options.ties === "half");
  if (graph.components.length > 1) {
    warnings.push({
      code: "disconnected",
      message: `the comparison graph has ${graph.components.length} components; ratings are comparable only within one, and across them only through the prior`,
      systems: names(graph.components.slice(1).flat()),
    });
  }
  let prior: number;
  if (options.prior !== "auto") prior = options.prior;
  else if (options.styleControl) prior = STYLE_PRIOR;
  else prior = graph.strongComponents.length > 1 ? WEAK_PRIOR : 0;
  if (graph.strongComponents.length > 1 && prior === 0) {
    warnings.push({
      code: "unbounded_mle",
      message:
        "some systems never lost (or never won) against the rest: the MLE is infinite and prior 0 leaves their ratings unbounded",
    });
  } else if (
    graph.strongComponents.length > 1 &&
    options.prior === "auto" &&
    !options.styleControl
  ) {
    warnings.push({
      code: "unbounded_mle",
      message: `some systems never lost (or never won) against the rest, so no finite MLE exists; fitted with a weak prior (λ = ${WEAK_PRIOR})`,
      systems: names(unbalanced(graph.strongComponents)),
    });
  }

  let styleData: (StyleData & { columns: string[] }) | undefined;
  if (options.styleControl) {
    if (!sequence || !style) return err("style control needs conversations or conv_metadata");
    const design = styleDesign(style.a, style.b);
    for (const column of design.dropped) {
      warnings.push({
        code: "style_column_dropped",
        message: `style feature "${column}" is constant over these battles and was left out`,
      });
    }
    styleData = { z: design.z, featureCount: design.columns.length, columns: design.columns };
  }
  const fit = fitMethod(
    options,
    table,
    prior,
    undefined,
    sequence && styleData ? { sequence, data: styleData } : undefined,
  );
  if (!fit.converged) {
    warnings.push({ code: "not_converged", message: "the point fit did not converge" });
  }
  return ok({
    options,
    systems: counts.systems,
    counts,
    table,
    ...(sequence ? { sequence } : {}),
    ...(styleData ? { style: styleData } : {}),
    prior,
    theta: fit.theta,
    ...(fit.tieParameter !== undefined ? { tieParameter: fit.tieParameter } : {}),
    ...(fit.coefficients ? { coefficients: fit.coefficients } : {}),
    warnings,
  });
}

/**
 * Members of every strong component except the largest: the ones with lopsided records. When
 * no component is uniquely largest (e.g. all singletons, as in a star whose centre never
 * loses), none stands for "the rest", so every system is listed.
 */
function unbalanced(components: number[][]): number[] {
  let largest = 0;
  components.forEach((c, k) => {
    if (c.length > components[largest]!.length) largest = k;
  });
  const size = components[largest]!.length;
  if (components.filter((c) => c.length === size).length > 1) return components.flat();
  return components.filter((_, k) => k !== largest).flat();
}

function validateOptions(o: LeaderboardOptions): LeaderboardOptions {
  if (!Number.isInteger(o.bootstrapRounds) || o.bootstrapRounds < 0)
    throw new RangeError("bootstrapRounds must be a whole number >= 0");
  if (!Number.isInteger(o.seed) || o.seed < 0)
    throw new RangeError("seed must be a whole number >= 0");
  if (o.prior !== "auto" && !(o.prior >= 0 && Number.isFinite(o.prior)))
    throw new RangeError("prior must be >= 0 or auto");
  if (!(o.confidence > 0 && o.confidence < 1)) throw new RangeError("confidence must be in (0, 1)");
  if (!(o.eloK > 0)) throw new RangeError("eloK must be > 0");
  if (!Number.isInteger(o.minBattles) || o.minBattles < 0)
    throw new RangeError("minBattles must be a whole number >= 0");
  if (o.styleControl && o.method !== "bt")
    throw new RangeError("style control fits the bt method only");
  return o;
}

export type { BattleSequence, OutcomeCounts };
