/** One dataset record, in any detected format, as the preference shapes prefkit works with. */
import { ratedToPairs } from "../../core/dataset/derive.js";
import type { PreferencePair, UnpairedExample } from "../../core/dataset/preference.js";
import { arenaBattleToPair } from "./arena-pairs.js";
import type { DatasetFormat } from "./detect.js";
import type { FieldIssue } from "./field-issue.js";
import { parseLlmBar, parseRewardBench } from "./gold-pairs.js";
import { parseHhRlhf } from "./hh-rlhf.js";
import { parseUltraFeedback } from "./rated.js";
import { parseTrlPreference, parseTrlUnpaired } from "./trl.js";

export type ParsedRecord =
  | { ok: true; pairs: PreferencePair[]; unpaired: UnpairedExample[] }
  | { ok: false; issues: FieldIssue[] };

const pairs = (p: PreferencePair[]): ParsedRecord => ({ ok: true, pairs: p, unpaired: [] });

/**
 * Parses a record of `format`. Rated formats give their pairs (every pair with distinct
 * scores); a tied arena battle gives none. HelpSteer needs rows grouped by prompt first, so it
 * is not handled record by record.
 */
export function parseRecord(format: DatasetFormat, record: unknown): ParsedRecord {
  switch (format) {
    case "trl-preference": {
      const r = parseTrlPreference(record);
      return r.ok ? pairs([r.value]) : r;
    }
    case "trl-unpaired": {
      const r = parseTrlUnpaired(record);
      return r.ok ? { ok: true, pairs: [], unpaired: [r.value] } : r;
    }
    case "hh-rlhf": {
      const r = parseHhRlhf(record);
      return r.ok ? pairs([r.value]) : r;
    }
    case "rewardbench": {
      const r = parseRewardBench(record);
      return r.ok ? pairs([r.value]) : r;
    }
    case "llmbar": {
      const r = parseLlmBar(record);
      return r.ok ? pairs([r.value]) : r;
    }
    case "ultrafeedback": {
      const r = parseUltraFeedback(record);
      return r.ok ? pairs(ratedToPairs(r.value, "all")) : r;
    }
    case "arena": {
      // A battle log without conversations is still a valid log: it just holds no pairs.
      const fields = record as Record<string, unknown>;
      if (fields.conversation_a === undefined && fields.conversation_b === undefined)
        return pairs([]);
      const r = arenaBattleToPair(record);
      return r.ok ? pairs(r.value ? [r.value] : []) : r;
    }
    case "helpsteer":
      return { ok: true, pairs: [], unpaired: [] };
  }
}
