/**
 * Items of any format as prefkit canonical entries (`--to prefkit`): pairs become pairwise
 * judgments, rated completions rating judgments, unpaired examples binary judgments, and
 * arena battles pairwise judgments between their systems, ties included — credited to the
 * record's judge or annotator when it names one (battle-source.ts), its other fields kept as
 * the judgment's metadata. A battle without conversations gets a prompt named by its question
 * and candidates without messages: the log says who won, not what was said.
 */
import { CanonicalBuilder } from "../../core/dataset/canonical-builder.js";
import type { AnnotatorId, JudgmentSource } from "../../core/types.js";
import { OUTCOME_OF_WINNER } from "./arena-pairs.js";
import { battleSource } from "./battle-source.js";
import type { DatasetItem } from "./items.js";
import { ComparisonEntryMaker, DROPS, NOTES } from "./judgments/comparison-entries.js";
import type { Derived } from "./transform.js";

export type JudgmentSourceSpec =
  | { kind: "human"; annotator: string }
  | { kind: "ai"; model: string };

/** The judgment source a conversion credits: `--annotator NAME` or `--judge MODEL`. */
export const judgmentSourceOf = (spec: JudgmentSourceSpec): JudgmentSource =>
  spec.kind === "human"
    ? { kind: "human", annotatorId: spec.annotator as AnnotatorId }
    : { kind: "ai", model: spec.model };

export class EntryMaker {
  private readonly builder = new CanonicalBuilder();
  private readonly comparisons = new ComparisonEntryMaker();
  private readonly source: JudgmentSource;

  constructor(
    source: JudgmentSourceSpec,
    private readonly criterion: string,
  ) {
    this.source = judgmentSourceOf(source);
  }

  make(item: DatasetItem): Derived {
    const entries = (list: ReturnType<CanonicalBuilder["fromPair"]>): Derived => ({
      ok: true,
      items: list.map((entry) => ({ kind: "entry", entry })),
    });
    switch (item.kind) {
      case "entry":
        return { ok: true, items: [item] };
      case "pair":
        return entries(this.builder.fromPair(item.pair, this.source));
      case "rated":
        return entries(this.builder.fromRated(item.rated, this.source, this.criterion));
      case "comparison": {
        // Comparisons carry their own labellers: --judge and --annotator do not apply.
        const r = this.comparisons.make(item.comparison);
        if (!r.ok) return r;
        const { entries: list, unparsed, fractional } = r.value;
        return {
          ok: true,
          items: list.map((entry) => ({ kind: "entry", entry })),
          ...(unparsed > 0 ? { dropped: { [DROPS.unparsed]: unparsed } } : {}),
          ...(fractional > 0 ? { notes: { [NOTES.fractional]: fractional } } : {}),
        };
      }
      case "unpaired":
        return entries(this.builder.fromUnpaired(item.example, this.source));
      case "battle": {
        const { modelA, modelB, winner, conversationA, conversationB, extra } = item.battle;
        const { source, metadata } = battleSource(extra, this.source);
        const outcome = OUTCOME_OF_WINNER[winner];
        if (!conversationA || !conversationB) {
          const battle = { systemA: modelA, systemB: modelB, outcome, metadata };
          const question = extra.question_id;
          return entries(
            this.builder.fromSystemsBattle(
              question === undefined ? battle : { ...battle, question },
              source,
            ),
          );
        }
        const id = extra.question_id;
        return entries(
          this.builder.fromBattle(
            {
              systemA: modelA,
              systemB: modelB,
              outcome,
              conversationA,
              conversationB,
              metadata,
              ...(typeof id === "string" || typeof id === "number" ? { id: String(id) } : {}),
            },
            source,
          ),
        );
      }
    }
  }
}
