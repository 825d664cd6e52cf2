/**
 * Who judged a battle, between an arena log's fields and a canonical judgment's source: a
 * record's `annotator` is a human annotator; its `judge` an AI judge (a model name, or MT-Bench's
 * `[model, template]`). The field used becomes the source and leaves the record's other fields
 * (the judgment's metadata); writing the battle back puts it where it was. A record naming
 * neither is credited to the conversion's source (`--annotator`/`--judge`), and a judgment from
 * that same source gets no field back, so a log round-trips unchanged.
 */
import type { AnnotatorId, JudgmentSource, Metadata } from "../../core/types.js";

const isName = (value: unknown): value is string => typeof value === "string" && value !== "";

/** The battle's source and the rest of its fields. */
export function battleSource(
  extra: Readonly<Record<string, unknown>>,
  fallback: JudgmentSource,
): { source: JudgmentSource; metadata: Metadata } {
  const { annotator, judge, ...others } = extra;
  const keep = (field: string, value: unknown) => (value === undefined ? {} : { [field]: value });
  if (isName(annotator)) {
    const source = { kind: "human" as const, annotatorId: annotator as AnnotatorId };
    return { source, metadata: { ...others, ...keep("judge", judge) } };
  }
  const pair = Array.isArray(judge) && judge.length === 2 && judge.every(isName);
  if (isName(judge) || pair) {
    const [model, template] = pair ? (judge as string[]) : [judge as string];
    const source = { kind: "ai" as const, model: model!, ...(template ? { template } : {}) };
    return { source, metadata: { ...others, ...keep("annotator", annotator) } };
  }
  return { source: fallback, metadata: { ...extra } };
}

const sameSource = (x: JudgmentSource, y: JudgmentSource): boolean =>
  x.kind === "human"
    ? y.kind === "human" && x.annotatorId === y.annotatorId
    : y.kind === "ai" && x.model === y.model && x.template === y.template;

/** The record field that names a judgment's source, unless it is the conversion's own source. */
export function sourceField(
  source: JudgmentSource,
  conversion: JudgmentSource,
): Record<string, unknown> {
  if (sameSource(source, conversion)) return {};
  if (source.kind === "human") return { annotator: source.annotatorId };
  return { judge: source.template !== undefined ? [source.model, source.template] : source.model };
}
