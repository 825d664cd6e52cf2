/**
 * What one dataset record holds once parsed, whatever its file format: a preference pair, an
 * unpaired (KTO) example, rated completions, an arena battle, or an entry of prefkit's
 * canonical format. Converting between formats is converting between these.
 */
import type { CanonicalEntry } from "../../core/dataset/canonical.js";
import type { RatedCompletions } from "../../core/dataset/derive.js";
import type { PreferencePair, UnpairedExample } from "../../core/dataset/preference.js";
import type { ArenaBattle } from "./arena-pairs.js";

export type DatasetItem =
  | { kind: "pair"; pair: PreferencePair }
  | { kind: "unpaired"; example: UnpairedExample }
  | { kind: "rated"; rated: RatedCompletions }
  | { kind: "battle"; battle: ArenaBattle }
  | { kind: "entry"; entry: CanonicalEntry };

export type ItemKind = DatasetItem["kind"];
