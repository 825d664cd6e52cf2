/**
 * FastChat review files (lm-sys/FastChat `fastchat/eval/table/review/*.jsonl`, and the PRD
 * paper's three-class reviews, bcdnlp/PRD `data/vicuna80/`): `review_id`, `question_id`,
 * `answer1_id`, `answer2_id`, `reviewer_id`, `text` (the reviewer's answer), `score`,
 * `metadata`.
 *
 * `score` is PRD's class — 1 the first answer better, 2 the second, 3 a tie — or FastChat's
 * pair of scores `[s1, s2]` (the higher wins, equal is a tie, `[-1, -1]` is FastChat's "could
 * not parse" → null). The systems are named only by the file:
 * `answer_<m1>-vs-answer_<m2>-<reviewer>-reviewer_threeclass.jsonl` (PRD) or
 * `[<reviewer>_]review_<m1>_<m2>.jsonl` (FastChat), or `--systems A,B`; the reviewer named
 * there is the labeller, else `reviewer_id`.
 */
import type { Comparison, ComparisonLabel } from "../../../core/dataset/comparison.js";
import { fail, idText, maybe, type Read, rest } from "./judgment-fields.js";

export interface ReviewFile {
  readonly systems?: readonly [string, string];
  readonly reviewer?: string;
}

const PRD = /^answer_(.+)-vs-answer_(.+)-(.+?)-reviewer(?:_[\w-]+)?$/;
const FASTCHAT = /^(?:(.+)_)?review_([^_]+)_([^_]+)$/;

/** What a review file's name says: its two systems (first, second) and its reviewer. */
export function reviewFileOf(path: string): ReviewFile {
  const base = (path.split(/[\\/]/).pop() ?? "").replace(/\.(jsonl|ndjson|json|csv)(\.gz)?$/i, "");
  const prd = PRD.exec(base);
  if (prd) return { systems: [prd[1]!, prd[2]!], reviewer: prd[3]! };
  const fastchat = FASTCHAT.exec(base);
  if (fastchat) return { systems: [fastchat[2]!, fastchat[3]!], ...maybe("reviewer", fastchat[1]) };
  return {};
}

const MODELLED = ["question_id", "score"];

function scoreLabel(score: unknown): Read<Pick<ComparisonLabel, "preference" | "scores">> {
  if (score === null) return { ok: true, value: { preference: null } };
  if (Array.isArray(score)) {
    const [s1, s2] = score;
    if (score.length !== 2 || typeof s1 !== "number" || typeof s2 !== "number")
      return fail("score", "expected 1, 2, 3 or a pair of numbers [s1, s2]");
    if (s1 === -1 && s2 === -1) return { ok: true, value: { preference: null, scores: [s1, s2] } };
    return {
      ok: true,
      value: { preference: s1 > s2 ? 1 : s1 < s2 ? 0 : 0.5, scores: [s1, s2] },
    };
  }
  const x = typeof score === "string" ? Number(score.trim()) : score;
  if (x === 1) return { ok: true, value: { preference: 1 } };
  if (x === 2) return { ok: true, value: { preference: 0 } };
  if (x === 3) return { ok: true, value: { preference: 0.5 } };
  return fail(
    "score",
    `unknown value ${JSON.stringify(score)} (expected 1 first better, 2 second better, 3 tie, or [s1, s2])`,
  );
}

export function parseFastChatReview(
  record: Readonly<Record<string, unknown>>,
  file: ReviewFile,
): Read<Comparison> {
  if (!("score" in record)) return fail("score", "missing field");
  const label = scoreLabel(record.score);
  if (!label.ok) return label;
  const labeller = file.reviewer ?? idText(record.reviewer_id);
  if (labeller === undefined)
    return fail("reviewer_id", "missing (and the file name names no reviewer)");
  return {
    ok: true,
    value: {
      ...maybe("id", idText(record.question_id)),
      prompt: [],
      ...maybe("systemA", file.systems?.[0]),
      ...maybe("systemB", file.systems?.[1]),
      labels: [{ labeller, source: "ai", ...label.value, raw: record.score }],
      extra: rest(record, MODELLED),
    },
  };
}

/** One review per label; the systems belong in the file name, which a record cannot carry. */
export function toFastChatReview(c: Comparison): Read<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const label of c.labels) {
    const p = label.preference;
    let score: unknown;
    if (label.scores) score = [...label.scores];
    else if (p === null) score = null;
    else if (p === 1 || p === 0 || p === 0.5) score = p === 1 ? 1 : p === 0 ? 2 : 3;
    else return fail("score", `preference ${p} has no review class (1, 2 or 3)`);
    out.push({
      ...maybe("question_id", c.id),
      ...c.extra,
      ...(c.extra.reviewer_id === undefined ? { reviewer_id: label.labeller } : {}),
      score,
    });
  }
  return { ok: true, value: out };
}
