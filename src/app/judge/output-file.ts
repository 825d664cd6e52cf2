/**
 * A judge job's judgments written to a dataset file (format by extension, as every prefkit
 * writer: .jsonl, .json, .csv, .parquet, optionally .gz), through one record sink, so the file is
 * written whole to a temporary file and renamed into place — never half-written, and writing it
 * again gives the same file.
 *
 * - canonical: prefkit records — each judged system (with its `family` in config when the items
 *   give one; the judges are no systems of the data), prompt and candidate once, before the
 *   first judgment that names it, then the judgments with their metadata.judge.
 * - arena: one battle per pairwise judgment (a strong arena-hard verdict's copies are as many
 *   battles, as arena-hard counts them), model_a the answer shown first (a judgment of one order
 *   shown swapped is written the other way round), as `prefkit convert` writes arena logs (toArenaRecord):
 *   conversations, `question_id` the prompt, `turn` the input's (types.ts JudgeItemPayload.turn),
 *   `judge` [judge, template] (battle-source.ts reads it back as the AI source). Arena logs have no battle of a system with itself: a pair of two
 *   answers of one system is left out and counted (`selfBattlesDropped`).
 * - trl: TRL's conversational preference records, one row per pair and judge — or, with a jury,
 *   the jury's only (`juryOnly`): a training set holds one preference per pair, never both sides.
 *   The job's orders are merged (the command asks --combine mt-bench of a TRL job; write-output.ts
 *   refuses another rule), and a judgment that is a strong verdict's extra copy is no new row.
 *   Extra fields `id`, `judge`, `template`, `chosen_model` and `rejected_model` (TRL keeps extra
 *   columns; prefkit's TRL reader keeps them as metadata). Ties hold no preference: they are left
 *   out and counted — `contradictedDropped` those whose two orders named opposite answers (merged
 *   into a tie), `tiesDropped` the others.
 */
import type { PreferencePair } from "../../core/dataset/preference.js";
import type {
  AnnotatorId,
  CandidateId,
  Judgment,
  Message,
  PromptId,
  SystemId,
} from "../../core/types.js";
import { toArenaRecord, WINNER_OF_OUTCOME } from "../../formats/dataset/arena-pairs.js";
import { sourceField } from "../../formats/dataset/battle-source.js";
import { toCanonicalRecord } from "../../formats/dataset/prefkit-canonical.js";
import { toTrlPreference } from "../../formats/dataset/trl.js";
import { openRecordSink } from "../../formats/dataset/write-records.js";
import type { OutputEntry, OutputTarget, TargetSummary } from "./output-target.js";
import type { JudgeItemPayload, JudgeJudgmentMetadata } from "./types.js";

type FileFormat = "canonical" | "arena" | "trl";

/**
 * The file target at `path`.
 * @throws as openRecordSink, at once: an unsupported extension, a target that cannot be written.
 */
export function fileTarget(
  path: string,
  format: FileFormat,
  options: { juryOnly?: boolean } = {},
): OutputTarget {
  const sink = openRecordSink(path);
  const records = recordsOf(format, options.juryOnly ?? false);
  let tiesDropped = 0;
  let contradictedDropped = 0;
  let selfBattlesDropped = 0;
  return {
    async write(entries) {
      for (const entry of entries) {
        const made = records(entry);
        tiesDropped += made.tiesDropped ?? 0;
        contradictedDropped += made.contradictedDropped ?? 0;
        selfBattlesDropped += made.selfBattlesDropped ?? 0;
        for (const record of made.records) await sink.write(record);
      }
    },
    async finish(): Promise<TargetSummary> {
      const written = await sink.finish();
      await sink.commit();
      return {
        kind: "file",
        path,
        format,
        records: written,
        tiesDropped,
        contradictedDropped,
        selfBattlesDropped,
      };
    },
    abort: () => sink.abort(),
  };
}

type Records = (entry: OutputEntry) => {
  records: Record<string, unknown>[];
  tiesDropped?: number;
  contradictedDropped?: number;
  selfBattlesDropped?: number;
};

function recordsOf(format: FileFormat, juryOnly: boolean): Records {
  if (format === "canonical") return canonicalRecords();
  return format === "arena" ? arenaRecords : (entry) => trlRecords(entry, juryOnly);
}

/** The answer's text as the candidate's messages: one assistant turn. */
const answerMessages = (text: string): Message[] => [{ role: "assistant", content: text }];

function canonicalRecords(): Records {
  const systems = new Set<string>();
  const prompts = new Set<string>();
  const candidates = new Set<string>();
  return ({ payload, judgments }) => {
    const records: Record<string, unknown>[] = [];
    for (const a of payload.answers) {
      if (systems.has(a.systemId)) continue;
      systems.add(a.systemId);
      const config = a.family === undefined ? {} : { config: { family: a.family } };
      records.push(
        toCanonicalRecord({ type: "system", system: { id: a.systemId as SystemId, ...config } }),
      );
    }
    if (!prompts.has(payload.promptId)) {
      prompts.add(payload.promptId);
      const prompt = { id: payload.promptId as PromptId, messages: payload.question };
      records.push(toCanonicalRecord({ type: "prompt", prompt }));
    }
    for (const a of payload.answers) {
      if (candidates.has(a.candidateId)) continue;
      candidates.add(a.candidateId);
      const candidate = {
        id: a.candidateId as CandidateId,
        promptId: payload.promptId as PromptId,
        systemId: a.systemId as SystemId,
        messages: answerMessages(a.text),
      };
      records.push(toCanonicalRecord({ type: "candidate", candidate }));
    }
    for (const judgment of judgments)
      records.push(toCanonicalRecord({ type: "judgment", judgment }));
    return { records };
  };
}

function answerOf(payload: JudgeItemPayload, id: string) {
  const answer = payload.answers.find((a) => a.candidateId === id);
  if (!answer)
    throw new Error(`internal: candidate ${id} is not an answer of group ${payload.group}`);
  return answer;
}

/** Never the source of a judge job's judgment: every battle names its judge. */
const NO_SOURCE = { kind: "human" as const, annotatorId: "" as AnnotatorId };

/** Battles of the entry's judgments; a pair of one system's answers is no battle (counted). */
function arenaRecords({ payload, judgments }: OutputEntry) {
  const records: Record<string, unknown>[] = [];
  let selfBattlesDropped = 0;
  for (const j of judgments) {
    const record = arenaRecord(payload, j);
    if (record) records.push(record);
    else selfBattlesDropped++;
  }
  return { records, selfBattlesDropped };
}

/** The outcome for the other side (a judgment written with its sides swapped). */
const MIRRORED = { a: "b", b: "a", tie: "tie", both_bad: "both_bad" } as const;

function arenaRecord(payload: JudgeItemPayload, j: Judgment): Record<string, unknown> | null {
  if (j.kind !== "pairwise") throw new Error(`internal: a ${j.kind} judgment for an arena log`);
  // An arena log's model_a is the answer shown first: a game that showed b first is written so,
  // and read back (prefkit evaluate) as seen swapped, so position bias is not lost.
  const swapped = j.source.kind === "ai" && j.source.swapped === true;
  const a = answerOf(payload, swapped ? j.b : j.a);
  const b = answerOf(payload, swapped ? j.a : j.b);
  if (a.systemId === b.systemId) return null;
  return toArenaRecord({
    modelA: a.systemId,
    modelB: b.systemId,
    winner: WINNER_OF_OUTCOME[swapped ? MIRRORED[j.outcome] : j.outcome],
    conversationA: [...payload.question, ...answerMessages(a.text)],
    conversationB: [...payload.question, ...answerMessages(b.text)],
    extra: {
      question_id: payload.promptId,
      ...(payload.turn === undefined ? {} : { turn: payload.turn }),
      ...sourceField(j.source, NO_SOURCE),
    },
  });
}

/** metadata.judge of a judge job's judgment (absent on no other). */
const judgeMetadata = (j: Judgment) =>
  (j.metadata as { judge?: JudgeJudgmentMetadata } | undefined)?.judge;

function trlRecords({ payload, judgments }: OutputEntry, juryOnly: boolean) {
  const records: Record<string, unknown>[] = [];
  let tiesDropped = 0;
  let contradictedDropped = 0;
  for (const j of judgments) {
    if (j.kind !== "pairwise") throw new Error(`internal: a ${j.kind} judgment for a TRL file`);
    const meta = judgeMetadata(j);
    // One row per pair: the jury's when there is one; a strong verdict's first copy only.
    if (juryOnly && meta?.judge !== "jury") continue;
    if (meta?.copy !== undefined && meta.copy.index > 1) continue;
    if (j.outcome !== "a" && j.outcome !== "b") {
      if (meta?.consistent === false) contradictedDropped++;
      else tiesDropped++;
      continue;
    }
    const [chosen, rejected] = j.outcome === "a" ? [j.a, j.b] : [j.b, j.a];
    const win = answerOf(payload, chosen);
    const lose = answerOf(payload, rejected);
    const label =
      j.source.kind === "ai"
        ? { judge: j.source.model, ...(j.source.template ? { template: j.source.template } : {}) }
        : {};
    const pair: PreferencePair = {
      prompt: payload.question,
      chosen: answerMessages(win.text),
      rejected: answerMessages(lose.text),
      metadata: {
        id: j.id,
        ...label,
        chosen_model: win.systemId,
        rejected_model: lose.systemId,
      },
    };
    records.push(toTrlPreference(pair, "conversational"));
  }
  return { records, tiesDropped, contradictedDropped };
}
