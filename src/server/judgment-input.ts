/**
 * Submitted judgments: one canonical judgment record, or `{ "judgments": [...] }`. `type`, `id`
 * and `source` may be left out. An annotator's judgments are theirs: the server sets the
 * source to them, and refuses one they send, so nobody votes in someone else's name. Nobody
 * sends `metadata`: it is the record imports and judge jobs keep of where a judgment came from
 * (a submission could otherwise pass for a judge job's judgment in routing and reports).
 */

import { MAX_BATCH_JUDGMENTS } from "../api/index.js";
import { IssueError } from "../core/issue.js";
import type { AnnotatorId } from "../core/types.js";
import { parseCanonicalEntry } from "../formats/dataset/prefkit-canonical.js";
import { JUDGMENT_KINDS } from "../formats/dataset/prefkit-canonical-schema.js";
import type { NewJudgment } from "../store/store.js";
import type { Principal } from "./auth.js";
import { type ApiIssue, apiIssues, InvalidRequest, invalid } from "./errors.js";
import { invalidRecord } from "./validate.js";

export interface JudgmentBody {
  /** True for `{ "judgments": [...] }`: the answer is a list too. */
  batch: boolean;
  judgments: NewJudgment[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

// An id no client can send (the store generates the real one): it lets the canonical reader,
// which wants an id, check the rest.
const PENDING_ID = "\u0000pending";

export function parseJudgmentBody(raw: unknown, principal: Principal | undefined): JudgmentBody {
  if (raw === undefined) throw invalid("(body)", "a JSON body is required");
  if (!isObject(raw)) throw invalid("(body)", "expected a judgment object or { judgments: [...] }");
  if (!("judgments" in raw)) return { batch: false, judgments: [parseOne(raw, principal)] };
  const list = raw.judgments;
  const extra = Object.keys(raw).find((k) => k !== "judgments");
  if (extra !== undefined) throw invalid(extra, "unknown field");
  if (!Array.isArray(list)) throw invalid("judgments", "expected an array");
  if (list.length === 0) throw invalid("judgments", "expected at least one judgment");
  if (list.length > MAX_BATCH_JUDGMENTS) {
    throw invalid("judgments", `at most ${MAX_BATCH_JUDGMENTS} judgments per request`);
  }
  return { batch: true, judgments: everyItem(list, (item, i) => parseOne(item, principal, i)) };
}

/** Each item parsed; a 400 lists the issues of every item that has some, not just the first. */
function everyItem<T>(items: readonly unknown[], parse: (item: unknown, index: number) => T): T[] {
  const parsed: T[] = [];
  const issues: ApiIssue[] = [];
  for (const [i, item] of items.entries()) {
    try {
      parsed.push(parse(item, i));
    } catch (error) {
      if (!(error instanceof IssueError) || error.code !== "invalid") throw error;
      issues.push(...apiIssues(error));
    }
  }
  const [first, ...rest] = issues;
  if (first) throw new InvalidRequest([first, ...rest]);
  return parsed;
}

function parseOne(item: unknown, principal: Principal | undefined, index?: number): NewJudgment {
  if (!isObject(item)) throw invalid("(record)", "expected a judgment object", index);
  if (!(JUDGMENT_KINDS as readonly unknown[]).includes(item.kind)) {
    const reason =
      item.kind === undefined ? "missing field" : `expected one of ${JUDGMENT_KINDS.join(", ")}`;
    throw invalid("kind", reason, index);
  }
  if ("type" in item && item.type !== "judgment") {
    throw invalid("type", 'expected "judgment" (or leave it out)', index);
  }
  if ("metadata" in item) {
    throw invalid("metadata", "not accepted here: imports and judge jobs record it", index);
  }
  if ("id" in item && typeof item.id === "string" && item.id.startsWith("\u0000")) {
    throw invalid("id", "must not start with a NUL character", index);
  }
  const annotator = principal?.annotator;
  let source = item.source;
  if (annotator && annotator.role !== "admin") {
    // What a judgment is and when it was made is the server's to say for annotators: a
    // chosen id would probe for others' judgments, a chosen time would backdate a vote.
    for (const field of ["source", "id", "created_at"]) {
      if (item[field] !== undefined) {
        throw invalid(field, "set by the server for annotators: leave it out", index);
      }
    }
  }
  if (source === undefined && annotator) {
    source = {
      kind: "human",
      annotator: annotator.id,
      ...(Object.keys(annotator.attributes).length > 0
        ? { attributes: { ...annotator.attributes } }
        : {}),
    };
  }
  const record = { ...item, type: "judgment", id: item.id ?? PENDING_ID, source };
  const parsed = parseCanonicalEntry(record);
  if (!parsed.ok) throw invalidRecord([parsed.issues[0]!, ...parsed.issues.slice(1)], index);
  if (parsed.entry.type !== "judgment")
    throw new Error("internal: a judgment parsed as another type");
  const { id, createdAt, ...judgment } = parsed.entry.judgment;
  return {
    ...judgment,
    ...(id === PENDING_ID ? {} : { id }),
    ...(createdAt === undefined ? {} : { createdAt }),
  } as NewJudgment;
}

/** The annotator a judgment is credited to, when a person made it. */
export const annotatorOf = (j: { source: NewJudgment["source"] }): AnnotatorId | undefined =>
  j.source.kind === "human" ? j.source.annotatorId : undefined;
