/**
 * Planted judges for the fake OpenAI-compatible server (fake-openai-server.ts `respond`): a
 * judge's behaviour is chosen by the model name, so tests, the benchmark and users' demos can
 * run `prefkit judge` against judges whose biases are known in advance.
 *
 *   judge-first     always prefers the answer shown first (pointwise: 8; listwise: as shown)
 *   judge-longer    prefers the longer answer (pointwise: longer scores higher; listwise: by length)
 *   judge-right-80  prefers the truly better answer 80 % of the time (any 0–100 after "right-"),
 *                   deterministic by a hash of the prompt; the truth is planted in the answers'
 *                   texts as "(quality 0.73)" (`plantedAnswer`)
 *   judge-garbage   never gives a parseable verdict
 *   judge-fixed     the same verdict whatever it is shown: a tie where the template has one
 *                   (the benchmark's judge: it reads nothing but the verdict format)
 *   judge-flaky     garbage the first time a request is asked, then as judge-first (parse retries)
 *
 * Template-agnostic where the prompt allows: the answers are found in the rendered prompt as
 * "[Start of …]…[End of …]" blocks (every built-in pairwise and pointwise template, "The Start of
 * Answer n" for listwise lists) or "[Output x]…[End of output x]" (alpaca-eval), and the verdict
 * format is recognised from the template's instructions (arena-hard's "[[A>>B]]", MT-Bench's
 * "[[C]]", pairwise-json's "verdict", alpaca-eval's x/y, PRD's "Assistant 1", "Rating: [[5]]",
 * a listwise ranking). A prompt in no known format gets the fake's own answer (undefined).
 */
import { type FakeRespond, lastUserText } from "./fake-openai-server.js";

/** The planted judges' model names (judge-right-<n> for any n from 0 to 100). */
export const FAKE_JUDGE_MODELS = [
  "judge-first",
  "judge-longer",
  "judge-right-80",
  "judge-garbage",
  "judge-fixed",
  "judge-flaky",
] as const;

/** What judge-garbage says: no bracket, brace, digit or lone letter any built-in parser reads. */
export const GARBAGE_VERDICT =
  "Both answers have their merits, and I cannot decide which of them is better; it depends on what the user values most.";

const QUALITY = /\(quality (\d+(?:\.\d+)?)\)/g;

/**
 * An answer that carries its true quality in [0, 1] for judge-right-N to find.
 * @example plantedAnswer("Paris is the capital.", 0.73) // "Paris is the capital. (quality 0.73)"
 * @throws RangeError unless quality is in [0, 1].
 */
export function plantedAnswer(text: string, quality: number): string {
  if (!(quality >= 0 && quality <= 1))
    throw new RangeError(`quality must be in [0, 1], got ${quality}`);
  return `${text} (quality ${quality.toFixed(2)})`;
}

/** The quality planted in a text (the last marker), or undefined. */
export function plantedQuality(text: string): number | undefined {
  let found: number | undefined;
  for (const m of text.matchAll(QUALITY)) found = Number(m[1]);
  return found;
}

type Format = "arena" | "mt-bench" | "json" | "alpaca" | "prd" | "rating" | "ranking";

/** The verdict format the template's instructions ask for (checked in this order). */
function formatOf(prompt: string): Format | undefined {
  if (prompt.includes("[The Start of Answer 1]")) return "ranking";
  if (prompt.includes("Rating: [[")) return "rating";
  if (prompt.includes("[[A>>B]]")) return "arena";
  if (prompt.includes("[[C]]")) return "mt-bench";
  if (prompt.includes('"verdict"')) return "json";
  if (prompt.includes("[Output x]")) return "alpaca";
  if (prompt.includes("Assistant 1")) return "prd";
  return undefined;
}

const BLOCK = /\[(?:The )?Start of ([^\]\n]+)\]\n([\s\S]*?)\n\[(?:The )?End of [^\]\n]*\]/gi;
const OUTPUT = /\[Output ([a-z])\]\n([\s\S]*?)\n\[End of output \1\]/gi;

/** The answers as shown, in order; a reference answer is not one of them. */
function answersOf(prompt: string): string[] {
  const out: string[] = [];
  for (const m of prompt.matchAll(BLOCK)) if (!/reference/i.test(m[1]!)) out.push(m[2]!);
  if (out.length > 0) return out;
  for (const m of prompt.matchAll(OUTPUT)) out.push(m[2]!);
  return out;
}

/** What a planted judge decided, before it is written in the template's format. */
type Decision =
  | { kind: "pair"; prefer: "first" | "second" | "tie" }
  | { kind: "score"; score: number }
  | { kind: "order"; order: number[] };

/** FNV-1a (32-bit) of the text, as a number in [0, 1): the planted judges' only randomness. */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

const byDescending = (values: readonly number[]) =>
  values.map((_, i) => i).sort((i, j) => values[j]! - values[i]! || i - j);

function compare(a: number, b: number): "first" | "second" | "tie" {
  return a > b ? "first" : a < b ? "second" : "tie";
}

const clampScore = (s: number) => Math.min(10, Math.max(1, Math.round(s)));

function decide(
  behaviour: string,
  format: Format,
  answers: readonly string[],
  prompt: string,
): Decision | undefined {
  const kind = format === "rating" ? "score" : format === "ranking" ? "order" : "pair";
  const shown = answers.map((_, i) => i);
  if (behaviour === "fixed")
    return kind === "pair"
      ? { kind, prefer: "tie" }
      : kind === "score"
        ? { kind, score: 5 }
        : { kind, order: shown };
  if (behaviour === "first" || behaviour === "flaky")
    return kind === "pair"
      ? { kind, prefer: "first" }
      : kind === "score"
        ? { kind, score: 8 }
        : { kind, order: shown };
  if (behaviour === "longer") {
    const lengths = answers.map((a) => a.length);
    if (kind === "pair") return { kind, prefer: compare(lengths[0] ?? 0, lengths[1] ?? 0) };
    if (kind === "score") return { kind, score: clampScore(1 + (lengths[0] ?? 0) / 50) };
    return { kind, order: byDescending(lengths) };
  }
  const right = /^right-(\d+)$/.exec(behaviour);
  if (right === null) return undefined;
  const truthful = unitHash(prompt) < Number(right[1]) / 100;
  const qualities = answers.map((a) => plantedQuality(a) ?? 0);
  if (kind === "pair") {
    const truth = compare(qualities[0] ?? 0, qualities[1] ?? 0);
    const wrong = truth === "first" ? "second" : truth === "second" ? "first" : "tie";
    return { kind, prefer: truthful ? truth : wrong };
  }
  if (kind === "score") {
    const q = qualities[0] ?? 0;
    return { kind, score: clampScore(truthful ? 1 + 9 * q : 10 - 9 * q) };
  }
  const order = byDescending(qualities);
  // A wrong ranking swaps the best two.
  if (!truthful && order.length > 1) [order[0], order[1]] = [order[1]!, order[0]!];
  return { kind, order };
}

const REASON = "Both answers address the question; weighing accuracy and helpfulness decides it.";

/** The decision in the template's own words. */
function write(format: Format, d: Decision): string {
  if (d.kind === "score") return `${REASON}\nRating: [[${d.score}]]`;
  if (d.kind === "order") return `${REASON}\n[[${d.order.map((i) => i + 1).join(",")}]]`;
  const p = d.prefer;
  switch (format) {
    case "arena":
      return `${REASON}\nMy final verdict is: [[${p === "first" ? "A>B" : p === "second" ? "B>A" : "A=B"}]]`;
    case "mt-bench":
      return `${REASON}\n[[${p === "first" ? "A" : p === "second" ? "B" : "C"}]]`;
    case "json":
      return JSON.stringify({
        reason: REASON,
        verdict: p === "first" ? "A" : p === "second" ? "B" : "tie",
      });
    // AlpacaEval has no tie: a planted tie names the first output.
    case "alpaca":
      return p === "second" ? "y" : "x";
    default:
      return `${REASON}\n${p === "first" ? "1" : p === "second" ? "2" : "3"}`;
  }
}

/** The planted behaviour a model name asks for ("first", "right-80", …), or undefined. */
function behaviourOf(model: string): string | undefined {
  const m = /^judge-(first|longer|garbage|fixed|flaky|right-(?:100|[1-9]?\d))$/.exec(model);
  return m?.[1];
}

/**
 * The planted judges as a `respond` function for startFakeOpenAi: models named as above answer
 * as judges; any other model keeps the fake's own answer.
 *
 * @example const fake = await startFakeOpenAi({ respond: fakeJudgeResponder() });
 */
export function fakeJudgeResponder(): FakeRespond {
  return ({ model, messages, k }) => {
    const behaviour = behaviourOf(model);
    if (behaviour === undefined) return undefined;
    if (behaviour === "garbage" || (behaviour === "flaky" && k === 0)) return GARBAGE_VERDICT;
    const prompt = lastUserText(messages);
    const format = formatOf(prompt);
    if (format === undefined) return undefined;
    // The fixed judge and judge-first read no answer: the benchmark's judge stays cheap.
    const reads = behaviour !== "fixed" && behaviour !== "first" && behaviour !== "flaky";
    const answers = reads ? answersOf(prompt) : countShown(format, prompt);
    const decision = decide(behaviour, format, answers, prompt);
    return decision === undefined ? undefined : write(format, decision);
  };
}

/** Placeholders for answers a judge does not read: only a ranking needs their number. */
function countShown(format: Format, prompt: string): string[] {
  if (format !== "ranking") return ["", ""];
  let n = 0;
  while (prompt.includes(`[The Start of Answer ${n + 1}]`)) n++;
  return Array<string>(n).fill("");
}

/**
 * Serves the given texts in turn, whatever is asked (then from the first again): real judges'
 * reviews for parser tests. `models` limits it to requests for those models.
 * @throws RangeError when no text is given.
 */
export function servingTexts(texts: readonly string[], models?: readonly string[]): FakeRespond {
  if (texts.length === 0) throw new RangeError("servingTexts needs at least one text");
  let next = 0;
  return ({ model }) => {
    if (models !== undefined && !models.includes(model)) return undefined;
    const text = texts[next % texts.length]!;
    next++;
    return text;
  };
}
