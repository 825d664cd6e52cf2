/**
 * The plan of a judge job: one item per judge call, question by question (a pair, a list, an
 * answer), then judge, then game. Pairwise: each selected pair in both orders (two items, games
 * 1 and 2) or in one order chosen by a seeded coin; listwise: `permutations` orders per list —
 * the cyclic shifts of a seeded shuffle (core/judge listwise-orders), each answer once at each
 * position when permutations = k — or the list as given when permutations = 1; pointwise: one
 * item per answer. Items come out of a generator (a large input never sits in memory twice) and
 * keys are stable: the same input, options and seed plan the same items, whatever the order of
 * the candidates, so a re-run finds its job and a resumed job adds nothing twice.
 *
 * Rules:
 * - A reference system's candidate is the prompt's reference answer (templates with
 *   {{reference}}), never judged; the first by id is used and the others counted.
 * - Selected pairs ("all", "baseline", "sample") never pair two candidates of the same system.
 *   "given" pairs are judged as the input names them (a TRL file's chosen and rejected share the
 *   "unknown" system), but not a candidate with itself, a candidate not in the input or a
 *   reference; the same pair named again is planned once and its human preferences averaged.
 * - A prompt with fewer than 2 candidates to compare (pointwise: none) gives no item.
 * Each is counted in `JudgePlanCounts`: nothing is left out without saying so.
 *
 * Randomness: every coin and shuffle comes from a generator seeded by (seed, judge, question)
 * (core/random streamSeed), so a judge's orders do not depend on the other judges, and the
 * judges of a jury do not all lean the same way.
 */
import { cyclicOrders, shuffledOrder } from "../../core/judge/listwise-orders.js";
import type { JudgeTemplate } from "../../llm/judge/types.js";
import { groupKey, judgeItemKey, randomFor } from "./keys.js";
import { emptyPlanCounts, type JudgePlanCounts } from "./plan-counts.js";
import type { JudgeQuestion, QuestionCandidate } from "./questions.js";
import { selectPairs } from "./select-pairs.js";
import type { JudgedAnswer, JudgeItemPayload, PairSelection } from "./types.js";

export { groupKey, judgeItemKey } from "./keys.js";
export { emptyPlanCounts, type JudgePlanCounts } from "./plan-counts.js";

export interface JudgePlanOptions {
  /** The judges' system ids. */
  judges: readonly string[];
  template: JudgeTemplate;
  /** Pairwise only. */
  selection: PairSelection;
  orders: "both" | "one";
  /** Listwise: orders per list (1 = as given). */
  permutations: number;
  /** Seeds the one-order coins and the listwise shuffles; 0 when absent. */
  seed?: number;
  /** Its candidates are the prompts' reference answers, not judged. */
  referenceSystem?: string;
}

export interface PlannedJudgeItem {
  key: string;
  payload: JudgeItemPayload;
}

const byId = (a: QuestionCandidate, b: QuestionCandidate) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function judged(c: QuestionCandidate): JudgedAnswer {
  const answer: JudgedAnswer = { candidateId: c.id, systemId: c.systemId, text: c.text };
  if (c.family !== undefined) answer.family = c.family;
  return answer;
}

/**
 * Every item of the plan; `counts` (when given) is filled in as the items are drawn.
 *
 * @example [...planJudging(questions, { judges: ["j"], template: ARENA_HARD, selection: { kind: "all" }, orders: "both", permutations: 1 })]
 * @throws {RangeError} for options that cannot plan: no judge, a judge named twice, permutations
 *   below 1, a sample of fewer than 1 pair, a reference system with a template that shows none
 *   (or the other way round), a reference system that is also the baseline.
 * Time: O(pairs) per prompt ("all" and "sample" list all pairs of a prompt); memory O(one prompt).
 */
export function* planJudging(
  questions: Iterable<JudgeQuestion>,
  options: JudgePlanOptions,
  counts: JudgePlanCounts = emptyPlanCounts(),
): Generator<PlannedJudgeItem> {
  checkOptions(options);
  const { template, referenceSystem } = options;
  const needsReference = template.variables.includes("reference");
  for (const question of questions) {
    counts.prompts++;
    const { prompt } = question;
    if (!prompt.messages.some((m) => m.role === "user")) {
      counts.noQuestion++;
      continue;
    }
    const sorted = [...question.candidates].sort(byId);
    const refs = sorted.filter((c) => c.systemId === referenceSystem);
    const answers =
      referenceSystem === undefined ? sorted : sorted.filter((c) => !refs.includes(c));
    let reference: string | undefined;
    if (needsReference) {
      if (refs.length === 0) {
        counts.noReference++;
        continue;
      }
      reference = refs[0]!.text;
      counts.extraReferences += refs.length - 1;
    }
    const base = { promptId: prompt.id, question: [...prompt.messages] };
    const withReference = reference === undefined ? {} : { reference };
    if (template.mode === "pointwise") {
      if (answers.length === 0) counts.tooFewCandidates++;
      for (const c of answers) {
        const group = groupKey(prompt.id, [c.id]);
        counts.questions++;
        for (const judge of options.judges) {
          const payload: JudgeItemPayload = {
            judge,
            mode: "pointwise",
            group,
            ...base,
            answers: [judged(c)],
            shown: [0],
            game: 0,
            ...withReference,
          };
          counts.items++;
          yield { key: judgeItemKey(judge, group, 0), payload };
        }
      }
      continue;
    }
    if (answers.length < 2) {
      counts.tooFewCandidates++;
      continue;
    }
    if (template.mode === "listwise") {
      const group = groupKey(
        prompt.id,
        answers.map((c) => c.id),
      );
      const k = answers.length;
      const rounds = Math.min(options.permutations, k);
      if (options.permutations > k) counts.permutationsCapped++;
      counts.questions++;
      for (const judge of options.judges) {
        const shuffled =
          options.permutations === 1
            ? answers.map((_, i) => i)
            : shuffledOrder(k, randomFor(options.seed ?? 0, judge, group));
        const orders = cyclicOrders(k, rounds).map((o) => o.map((p) => shuffled[p]!));
        for (let game = 0; game < orders.length; game++) {
          const payload: JudgeItemPayload = {
            judge,
            mode: "listwise",
            group,
            ...base,
            answers: answers.map(judged),
            shown: orders[game]!,
            game,
            ...withReference,
          };
          counts.items++;
          yield { key: judgeItemKey(judge, group, game), payload };
        }
      }
      continue;
    }
    const pairs = selectPairs(question, answers, refs, options.selection, counts);
    for (const pair of pairs) {
      const group = groupKey(prompt.id, [pair.x.id, pair.y.id]);
      counts.questions++;
      for (const judge of options.judges) {
        const games =
          options.orders === "both"
            ? [1, 2]
            : [randomFor(options.seed ?? 0, judge, group)() < 0.5 ? 1 : 2];
        for (const game of games) {
          const payload: JudgeItemPayload = {
            judge,
            mode: "pairwise",
            group,
            ...base,
            answers: [judged(pair.x), judged(pair.y)],
            shown: game === 1 ? [0, 1] : [1, 0],
            game,
            ...withReference,
            ...(pair.human === undefined ? {} : { human: pair.human }),
            ...(pair.turn === undefined ? {} : { turn: pair.turn }),
          };
          counts.items++;
          yield { key: judgeItemKey(judge, group, game), payload };
        }
      }
    }
  }
}

function checkOptions(options: JudgePlanOptions): void {
  const { judges, template, selection, permutations, referenceSystem } = options;
  if (judges.length === 0) throw new RangeError("a judge job needs at least one judge");
  if (new Set(judges).size !== judges.length)
    throw new RangeError(`a judge is named twice: ${judges.join(", ")}`);
  if (!Number.isInteger(permutations) || permutations < 1)
    throw new RangeError(`permutations must be a positive integer, got ${permutations}`);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`the seed must be an integer >= 0, got ${seed}`);
  if (selection.kind === "sample") {
    if (!Number.isInteger(selection.perPrompt) || selection.perPrompt < 1)
      throw new RangeError(
        `pairs per prompt must be a positive integer, got ${selection.perPrompt}`,
      );
    if (!Number.isSafeInteger(selection.seed) || selection.seed < 0)
      throw new RangeError(`the sample's seed must be an integer >= 0, got ${selection.seed}`);
  }
  const shows = template.variables.includes("reference");
  if (referenceSystem !== undefined && !shows)
    throw new RangeError(
      `template ${template.id} shows no reference answer: a reference system ("${referenceSystem}") would only be left out; use a template with {{reference}}`,
    );
  if (referenceSystem === undefined && shows)
    throw new RangeError(
      `template ${template.id} shows a reference answer: name the system whose candidates are the references`,
    );
  if (
    referenceSystem !== undefined &&
    selection.kind === "baseline" &&
    selection.system === referenceSystem
  )
    throw new RangeError(
      `system "${referenceSystem}" cannot be both the reference (not judged) and the baseline (judged)`,
    );
}
