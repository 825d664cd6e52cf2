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
import { createHash } from "node:crypto";
import { cyclicOrders, shuffledOrder } from "../../core/judge/listwise-orders.js";
import { createRandom, type RandomSource, streamSeed } from "../../core/random/index.js";
import type { JudgeTemplate } from "../../llm/judge/types.js";
import type { InputPair, JudgeQuestion, QuestionCandidate } from "./questions.js";
import type { JudgedAnswer, JudgeItemPayload, PairSelection } from "./types.js";

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

export interface JudgePlanCounts {
  prompts: number;
  /** Questions (pairs, lists, answers) planned, each judged by every judge. */
  questions: number;
  items: number;
  /** Prompts with fewer than 2 candidates to compare (pointwise: none). */
  tooFewCandidates: number;
  /** Prompts with enough candidates whose selection gave no pair (one system only, no given pair). */
  noPairs: number;
  /** "baseline": prompts where the baseline system has no candidate. */
  noBaseline: number;
  /** Prompts without a user turn: there is no question to show. */
  noQuestion: number;
  /** Prompts with no reference candidate, for a template that shows one. */
  noReference: number;
  /** Reference candidates beyond the first of a prompt (not used). */
  extraReferences: number;
  /** "sample": pairs of all that were not drawn. */
  notSampled: number;
  /** "given" pairs named again (planned once, human preferences averaged). */
  duplicatePairs: number;
  /** "given" pairs naming a candidate not in the input. */
  unknownCandidates: number;
  /** "given" pairs of a candidate with itself. */
  selfPairs: number;
  /** "given" pairs with a reference candidate in them (a reference is not judged). */
  referencePairs: number;
  /** Listwise: lists shorter than `permutations` (k orders planned: more would repeat one). */
  permutationsCapped: number;
}

export function emptyPlanCounts(): JudgePlanCounts {
  return {
    prompts: 0,
    questions: 0,
    items: 0,
    tooFewCandidates: 0,
    noPairs: 0,
    noBaseline: 0,
    noQuestion: 0,
    noReference: 0,
    extraReferences: 0,
    notSampled: 0,
    duplicatePairs: 0,
    unknownCandidates: 0,
    selfPairs: 0,
    referencePairs: 0,
    permutationsCapped: 0,
  };
}

/** Keys longer than this become a hash (a job item's key is stored and indexed). */
const MAX_KEY = 200;

/** `|` separates a key's parts, so ids escape it (and `%`, the escape itself). */
const part = (id: string) => id.replaceAll("%", "%25").replaceAll("|", "%7C");

const shortKey = (key: string) =>
  key.length <= MAX_KEY ? key : `h:${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;

/**
 * A question's key, the same for every judge: "<prompt>|<x>|<y>" for a pair (x sorting first),
 * "<prompt>|<ids sorted…>" for a list, "<prompt>|<candidate>" for one answer; "h:<sha256 prefix>"
 * when longer than 200 characters.
 */
export function groupKey(promptId: string, candidateIds: readonly string[]): string {
  return shortKey([promptId, ...[...candidateIds].sort()].map(part).join("|"));
}

/** An item's key: "<judge>|<group>|g<game>", or a hash when long. Distinct items, distinct keys. */
export function judgeItemKey(judge: string, group: string, game: number): string {
  return shortKey(`${part(judge)}|${group}|g${game}`);
}

/** FNV-1a (32-bit): a question's stream number for streamSeed. */
function fnv32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const randomFor = (seed: number, ...parts: string[]): RandomSource =>
  createRandom(streamSeed(seed, fnv32(parts.join("\0"))));

const byId = (a: QuestionCandidate, b: QuestionCandidate) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function judged(c: QuestionCandidate): JudgedAnswer {
  const answer: JudgedAnswer = { candidateId: c.id, systemId: c.systemId, text: c.text };
  if (c.family !== undefined) answer.family = c.family;
  return answer;
}

interface Pair {
  x: QuestionCandidate;
  y: QuestionCandidate;
  human?: number;
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
    const pairs = selectPairs(question, answers, refs, options, counts);
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
          };
          counts.items++;
          yield { key: judgeItemKey(judge, group, game), payload };
        }
      }
    }
  }
}

/** The prompt's pairs under the selection, x sorting before y, in a fixed order. */
function selectPairs(
  question: JudgeQuestion,
  answers: readonly QuestionCandidate[],
  refs: readonly QuestionCandidate[],
  options: JudgePlanOptions,
  counts: JudgePlanCounts,
): Pair[] {
  const { selection } = options;
  const humans = humanPreferences(question.pairs);
  const human = (x: QuestionCandidate, y: QuestionCandidate): Pair => {
    const h = humans.get(`${x.id}\0${y.id}`);
    return h === undefined ? { x, y } : { x, y, human: h.sum / h.n };
  };
  let pairs: Pair[] = [];
  if (selection.kind === "given") {
    const byIdMap = new Map(answers.map((c) => [c.id, c]));
    const refIds = new Set(refs.map((c) => c.id));
    const seen = new Set<string>();
    for (const p of question.pairs) {
      if (p.a === p.b) {
        counts.selfPairs++;
        continue;
      }
      if (refIds.has(p.a) || refIds.has(p.b)) {
        counts.referencePairs++;
        continue;
      }
      const a = byIdMap.get(p.a);
      const b = byIdMap.get(p.b);
      if (a === undefined || b === undefined) {
        counts.unknownCandidates++;
        continue;
      }
      const [x, y] = a.id < b.id ? [a, b] : [b, a];
      const key = `${x.id}\0${y.id}`;
      if (seen.has(key)) {
        counts.duplicatePairs++;
        continue;
      }
      seen.add(key);
      pairs.push(human(x, y));
    }
  } else if (selection.kind === "baseline") {
    const baseline = answers.filter((c) => c.systemId === selection.system);
    if (baseline.length === 0) {
      counts.noBaseline++;
      return [];
    }
    for (const c of answers) {
      if (c.systemId === selection.system) continue;
      for (const b of baseline) pairs.push(c.id < b.id ? human(c, b) : human(b, c));
    }
  } else {
    for (let i = 0; i < answers.length; i++)
      for (let j = i + 1; j < answers.length; j++)
        if (answers[i]!.systemId !== answers[j]!.systemId)
          pairs.push(human(answers[i]!, answers[j]!));
    if (selection.kind === "sample" && pairs.length > selection.perPrompt) {
      counts.notSampled += pairs.length - selection.perPrompt;
      pairs = drawn(pairs, selection.perPrompt, randomFor(selection.seed, question.prompt.id));
    }
  }
  if (pairs.length === 0) counts.noPairs++;
  return pairs;
}

/** `n` of the pairs drawn without replacement (partial Fisher–Yates), kept in their order. */
function drawn(pairs: readonly Pair[], n: number, random: RandomSource): Pair[] {
  const index = pairs.map((_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (index.length - i));
    [index[i], index[j]] = [index[j]!, index[i]!];
  }
  return index
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => pairs[i]!);
}

/** Human preferences by pair, oriented to the candidate sorting first (summed, with counts). */
function humanPreferences(pairs: readonly InputPair[]): Map<string, { sum: number; n: number }> {
  const out = new Map<string, { sum: number; n: number }>();
  for (const p of pairs) {
    if (p.human === undefined || p.a === p.b) continue;
    const [key, h] = p.a < p.b ? [`${p.a}\0${p.b}`, p.human] : [`${p.b}\0${p.a}`, 1 - p.human];
    const entry = out.get(key);
    if (entry === undefined) out.set(key, { sum: h, n: 1 });
    else {
      entry.sum += h;
      entry.n++;
    }
  }
  return out;
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
