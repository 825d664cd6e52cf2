/**
 * What a judge job judges, made from canonical entries (a dataset file's, through the import
 * path, or a project's export): the prompts that have a question to ask, the candidates that
 * have an answer to show (their assistant turns joined), the systems' declared families, the
 * pairs the input's pairwise judgments name ("given" pairs) and, for those of them a human
 * judged, the human's preference for the pair's x. Pure: the readers (read-inputs.ts) feed it.
 *
 * Nothing is dropped silently: every prompt, candidate and judgment left out is counted under
 * its reason in `left`, and several judgments of one pair are counted (`given.repeats`). A pair
 * is unordered: its x is the candidate id that sorts first (JS string order), as the item
 * payload's `group` (types.ts) expects; a human's preference is turned to be x's.
 *
 * Which judgments are "human": those whose source is a human — including the labels of formats
 * that name no labeller (TRL pairs, LLMBar, an arena log without a judge field), which the import
 * path credits to an annotator: a data set's own labels are its reference. An AI judge's
 * judgment (a FastChat review, an MT-Bench or arena-hard judgment, a canonical judgment with an
 * `ai` source) names a given pair but is no human label. Several human votes on one pair become
 * their mean (`votes` says how many; `humanPairsWithSeveralVotes` counts such pairs).
 */
import type { CanonicalEntry } from "../../core/dataset/canonical.js";
import { messageText } from "../../core/dataset/preference.js";
import type { Candidate, Message, PairwiseOutcome, Prompt } from "../../core/types.js";
import { labelTurn } from "../../formats/dataset/as-comparisons.js";
import type { NewJudgment } from "../../store/port/judgments.js";
import { dedupePrompts } from "../generate/plan.js";
import type { InputPair, JudgeQuestion, QuestionCandidate } from "./questions.js";
import type { JudgedAnswer } from "./types.js";

/** A candidate the judge can be shown. */
export interface InputCandidate extends JudgedAnswer {
  promptId: string;
}

/** A pair of one prompt's candidates, x the id that sorts first. */
export interface GivenPair {
  promptId: string;
  x: string;
  y: string;
  /**
   * The turn of a conversation the input's judgments of the pair are about (their metadata's
   * `turn`: an arena log's, MT-Bench's), when every one of them names the same; the judge's
   * judgments of the pair say it too, so `prefkit evaluate` joins them to those labels.
   */
  turn?: number;
}

/** What humans said of a pair: the mean of their preferences for x, in [0, 1]. */
export interface HumanLabel extends GivenPair {
  preference: number;
  votes: number;
}

/** Why entries were left out, each with how many. */
export interface LeftOut {
  /** Prompts with an id seen before (`conflictingPrompts` of them with other content). */
  duplicatePrompts: number;
  conflictingPrompts: number;
  /** Prompts with no user turn holding text: nothing to ask. */
  promptsWithoutUserTurn: number;
  /** Candidates with an id seen before (`conflictingCandidates` of them with other content). */
  duplicateCandidates: number;
  conflictingCandidates: number;
  /** Candidates whose assistant turns hold no text (empty, or images only). */
  candidatesWithoutText: number;
  /** Candidates whose prompt the input lacks or left out. */
  candidatesWithoutPrompt: number;
  /**
   * A project's live-arena candidates (store/live-rows.ts): a conversation private to the
   * annotator who had it, judged by nobody but that annotator (read-inputs.ts leaves them out).
   */
  liveCandidates: number;
  /** Pairwise judgments naming a candidate left out, or one of another prompt. */
  judgmentsWithoutCandidates: number;
  /** Pairwise judgments of a candidate against itself. */
  judgmentsOfOneCandidate: number;
  /** Rankings, ratings and thumbs: they name no pair. */
  judgmentsNotPairwise: number;
}

export interface JudgeInputs {
  prompts: Prompt[];
  candidates: InputCandidate[];
  /** The candidates' systems, sorted. */
  systems: string[];
  /** System id → its declared family (`config.family`), for those that declare one. */
  families: Map<string, string>;
  /** The pairs the input's pairwise judgments name, each once, in order of first mention. */
  givenPairs: GivenPair[];
  /** The given pairs a human judged, in the same order. */
  humanLabels: HumanLabel[];
  /** Entries read, before anything was left out. */
  read: { prompts: number; systems: number; candidates: number; judgments: number };
  given: {
    /** Pairwise judgments that named a kept pair (`human` of them by humans). */
    judgments: number;
    human: number;
    /** Judgments of a pair named before (the pair is judged once). */
    repeats: number;
    /** Pairs whose judgments name different turns (or some none): their judgments name no turn. */
    mixedTurns: number;
  };
  humanPairsWithSeveralVotes: number;
  left: LeftOut;
}

/** A pair's key: prompt, x and y, unambiguous for any ids. */
export const pairKey = (promptId: string, a: string, b: string): string =>
  JSON.stringify(a < b ? [promptId, a, b] : [promptId, b, a]);

const PREFERENCE: Readonly<Record<PairwiseOutcome, number>> = {
  a: 1,
  b: 0,
  tie: 0.5,
  // Neither answer is good: as a preference between them, a tie (as judgment-comparison.ts).
  both_bad: 0.5,
};

/**
 * The text a judge is shown for a candidate: its assistant turns, blank-line separated. A
 * candidate that goes on after its first answer (an arena conversation of several turns: the
 * user's follow-ups are in the candidate, since each side's conversation differs) is shown whole,
 * each turn labelled — "Assistant: Apple.\n\nUser: Now a vegetable.\n\nAssistant: Carrot." —
 * so the judge sees what each later answer answers. System turns and turns without text are left
 * out. Nothing without an assistant turn holding text: "".
 */
export function candidateText(messages: readonly Message[]): string {
  const turns = messages
    .filter((m) => m.role === "assistant" || m.role === "user")
    .map((m) => ({ role: m.role, text: messageText(m) }))
    .filter((t) => t.text.trim() !== "");
  if (!turns.some((t) => t.role === "assistant")) return "";
  const first = turns.findIndex((t) => t.role === "assistant");
  const followUps = turns.slice(first).some((t) => t.role === "user");
  if (!followUps)
    return turns
      .filter((t) => t.role === "assistant")
      .map((t) => t.text)
      .join("\n\n");
  return turns
    .slice(first)
    .map((t) => `${t.role === "user" ? "User" : "Assistant"}: ${t.text}`)
    .join("\n\n");
}

/** A prompt has something to ask when one of its user turns holds text. */
const hasUserTurn = (p: Prompt) =>
  p.messages.some((m) => m.role === "user" && messageText(m).trim() !== "");

function familyOf(config: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const family = config?.family;
  return typeof family === "string" && family !== "" ? family : undefined;
}

/**
 * Collects entries (any order; references resolve once all are in) into a JudgeInputs.
 * @example const c = new JudgeInputsCollector(); for (const e of entries) c.add(e); c.finish();
 * Memory: the prompts, candidates and pairs kept; judgments are reduced as they come.
 */
export class JudgeInputsCollector {
  readonly #prompts: Prompt[] = [];
  readonly #candidates = new Map<string, { candidate: Candidate; content: string }>();
  readonly #families = new Map<string, string>();
  readonly #pairwise: Extract<NewJudgment, { kind: "pairwise" }>[] = [];
  readonly #read = { prompts: 0, systems: 0, candidates: 0, judgments: 0 };
  #duplicateCandidates = 0;
  #conflictingCandidates = 0;
  #notPairwise = 0;
  #live = 0;

  add(entry: CanonicalEntry): void {
    switch (entry.type) {
      case "prompt":
        this.#read.prompts++;
        this.#prompts.push(entry.prompt);
        return;
      case "system": {
        this.#read.systems++;
        const family = familyOf(entry.system.config);
        if (family !== undefined && !this.#families.has(entry.system.id))
          this.#families.set(entry.system.id, family);
        return;
      }
      case "candidate": {
        this.#read.candidates++;
        const c = entry.candidate;
        const content = JSON.stringify(c);
        const before = this.#candidates.get(c.id);
        if (before === undefined) this.#candidates.set(c.id, { candidate: c, content });
        else {
          this.#duplicateCandidates++;
          if (before.content !== content) this.#conflictingCandidates++;
        }
        return;
      }
      case "judgment":
        this.addJudgment(entry.judgment);
    }
  }

  /** Counts a live-arena candidate its reader left out (read-inputs.ts). */
  leaveOutLive(): void {
    this.#read.candidates++;
    this.#live++;
  }

  /** A judgment, stored (an export's) or about to be (an import plan's, whose id may be absent). */
  addJudgment(judgment: NewJudgment): void {
    this.#read.judgments++;
    if (judgment.kind === "pairwise") this.#pairwise.push(judgment);
    else this.#notPairwise++;
  }

  finish(): JudgeInputs {
    const deduped = dedupePrompts(this.#prompts);
    const prompts = deduped.prompts.filter(hasUserTurn);
    const promptIds = new Set<string>(prompts.map((p) => p.id));
    let withoutText = 0;
    let withoutPrompt = 0;
    const candidates = new Map<string, InputCandidate>();
    for (const { candidate: c } of this.#candidates.values()) {
      if (!promptIds.has(c.promptId)) {
        withoutPrompt++;
        continue;
      }
      const text = candidateText(c.messages);
      if (text === "") {
        withoutText++;
        continue;
      }
      const family = this.#families.get(c.systemId);
      candidates.set(c.id, {
        candidateId: c.id,
        promptId: c.promptId,
        systemId: c.systemId,
        text,
        ...(family === undefined ? {} : { family }),
      });
    }
    const { withoutCandidates, oneCandidate, ...pairs } = this.#pairs(candidates);
    return {
      prompts,
      candidates: [...candidates.values()],
      systems: [...new Set([...candidates.values()].map((c) => c.systemId))].sort(),
      families: this.#families,
      ...pairs,
      read: { ...this.#read },
      left: {
        duplicatePrompts: deduped.duplicates,
        conflictingPrompts: deduped.conflicting,
        promptsWithoutUserTurn: deduped.prompts.length - prompts.length,
        duplicateCandidates: this.#duplicateCandidates,
        conflictingCandidates: this.#conflictingCandidates,
        candidatesWithoutText: withoutText,
        candidatesWithoutPrompt: withoutPrompt,
        liveCandidates: this.#live,
        judgmentsWithoutCandidates: withoutCandidates,
        judgmentsOfOneCandidate: oneCandidate,
        judgmentsNotPairwise: this.#notPairwise,
      },
    };
  }

  #pairs(candidates: ReadonlyMap<string, InputCandidate>) {
    const given = new Map<string, GivenPair>();
    // The turn a pair's first judgment names (or none); pairs whose judgments disagree.
    const turns = new Map<string, number | undefined>();
    const mixed = new Set<string>();
    const human = new Map<string, { sum: number; votes: number }>();
    let judgments = 0;
    let humanJudgments = 0;
    let withoutCandidates = 0;
    let oneCandidate = 0;
    for (const j of this.#pairwise) {
      if (j.a === j.b) {
        oneCandidate++;
        continue;
      }
      const a = candidates.get(j.a);
      const b = candidates.get(j.b);
      if (!a || !b || a.promptId !== j.promptId || b.promptId !== j.promptId) {
        withoutCandidates++;
        continue;
      }
      judgments++;
      const key = pairKey(j.promptId, j.a, j.b);
      const [x, y] = j.a < j.b ? [j.a, j.b] : [j.b, j.a];
      const turn = labelTurn(j.metadata);
      if (!given.has(key)) {
        given.set(key, { promptId: j.promptId, x, y });
        turns.set(key, turn);
      } else if (turns.get(key) !== turn) mixed.add(key);
      if (j.source.kind !== "human") continue;
      humanJudgments++;
      const forA = PREFERENCE[j.outcome];
      const forX = x === j.a ? forA : 1 - forA;
      const tally = human.get(key) ?? { sum: 0, votes: 0 };
      tally.sum += forX;
      tally.votes++;
      human.set(key, tally);
    }
    const humanLabels: HumanLabel[] = [];
    let several = 0;
    for (const [key, pair] of given) {
      const turn = turns.get(key);
      if (turn !== undefined && !mixed.has(key)) pair.turn = turn;
      const tally = human.get(key);
      if (tally === undefined) continue;
      if (tally.votes > 1) several++;
      humanLabels.push({ ...pair, preference: tally.sum / tally.votes, votes: tally.votes });
    }
    return {
      givenPairs: [...given.values()],
      humanLabels,
      given: {
        judgments,
        human: humanJudgments,
        repeats: judgments - given.size,
        mixedTurns: mixed.size,
      },
      humanPairsWithSeveralVotes: several,
      withoutCandidates,
      oneCandidate,
    };
  }
}

/**
 * The inputs as the planner's questions (questions.ts), prompt by prompt in input order: each
 * prompt's candidates, and its given pairs (x as `a`) with the humans' mean preference for x.
 * A pair named several times is one pair here (JudgeInputs.given.repeats counted the rest).
 * Time and memory: O(prompts + candidates + pairs).
 */
export function judgeQuestions(inputs: JudgeInputs): JudgeQuestion[] {
  const candidates = new Map<string, QuestionCandidate[]>();
  for (const c of inputs.candidates) {
    const q: QuestionCandidate = { id: c.candidateId, systemId: c.systemId, text: c.text };
    if (c.family !== undefined) q.family = c.family;
    const list = candidates.get(c.promptId);
    if (list === undefined) candidates.set(c.promptId, [q]);
    else list.push(q);
  }
  const human = new Map(inputs.humanLabels.map((l) => [pairKey(l.promptId, l.x, l.y), l]));
  const pairs = new Map<string, InputPair[]>();
  for (const p of inputs.givenPairs) {
    const label = human.get(pairKey(p.promptId, p.x, p.y));
    const pair: InputPair = { a: p.x, b: p.y };
    if (label !== undefined) pair.human = label.preference;
    if (p.turn !== undefined) pair.turn = p.turn;
    const list = pairs.get(p.promptId);
    if (list === undefined) pairs.set(p.promptId, [pair]);
    else list.push(pair);
  }
  return inputs.prompts.map((prompt) => ({
    prompt,
    candidates: candidates.get(prompt.id) ?? [],
    pairs: pairs.get(prompt.id) ?? [],
  }));
}
