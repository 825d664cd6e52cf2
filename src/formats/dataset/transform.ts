/**
 * Derivations between item kinds (issue 3's "convert" step): rated completions and rankings to
 * pairs (all pairs, best versus worst, a minimum margin), pairs to unpaired KTO examples,
 * battles with conversations to pairs, pairs with models to battles. A derivation that cannot
 * be made names the field that is missing; one that yields nothing (a tie) says why.
 */
import { type PairStrategy, pairToUnpaired, ratedToPairs } from "../../core/dataset/derive.js";
import type { PreferencePair } from "../../core/dataset/preference.js";
import { battleToPair, pairToBattle } from "./arena-pairs.js";
import { chosenFirst } from "./codecs.js";
import type { FieldIssue } from "./field-issue.js";
import type { DatasetItem, ItemKind } from "./items.js";

export interface DeriveOptions {
  readonly strategy: PairStrategy;
  /** Smallest score difference that makes a pair (> 0). */
  readonly minMargin: number;
}

export type Derived =
  | { ok: true; items: DatasetItem[] /** why nothing came out, when nothing did */; empty?: string }
  | { ok: false; issues: FieldIssue[] };

const pairs = (list: readonly PreferencePair[]): DatasetItem[] =>
  list.map((pair) => ({ kind: "pair", pair }));

/** The item's preference pairs, or an issue when it cannot have any. */
function asPairs(item: DatasetItem, options: DeriveOptions): Derived {
  switch (item.kind) {
    case "pair":
      return { ok: true, items: [item] };
    case "rated": {
      const list = ratedToPairs(item.rated, options.strategy, options.minMargin);
      return list.length > 0
        ? { ok: true, items: pairs(list) }
        : { ok: true, items: [], empty: "no two completions differ by the minimum margin" };
    }
    case "battle": {
      const r = battleToPair(item.battle);
      if (!r.ok) return r;
      return r.value
        ? { ok: true, items: pairs([r.value]) }
        : { ok: true, items: [], empty: "ties carry no preference" };
    }
    case "unpaired":
      return cannot("label", "an unpaired example has one completion; pairs need two");
    case "entry":
      throw new Error("internal: canonical entries are resolved before derivation");
  }
}

function cannot(field: string, message: string): Derived {
  return { ok: false, issues: [{ field, message }] };
}

/** Turns an item into items of kind `target`. */
export function deriveItems(item: DatasetItem, target: ItemKind, options: DeriveOptions): Derived {
  if (item.kind === target) return { ok: true, items: [item] };
  switch (target) {
    case "pair":
      return asPairs(item, options);
    case "unpaired": {
      const derived = asPairs(item, options);
      if (!derived.ok) return derived;
      const items: DatasetItem[] = [];
      for (const p of derived.items) {
        if (p.kind !== "pair") continue;
        for (const example of pairToUnpaired(p.pair)) items.push({ kind: "unpaired", example });
      }
      return { ...derived, items };
    }
    case "battle": {
      const derived = asPairs(item, options);
      if (!derived.ok) return derived;
      const items: DatasetItem[] = [];
      for (const p of derived.items) {
        if (p.kind !== "pair") continue;
        const battle = pairToBattle(p.pair, chosenFirst(p.pair));
        if (!battle.ok) return battle;
        items.push({ kind: "battle", battle: battle.value });
      }
      return { ...derived, items };
    }
    case "rated":
      return cannot(
        "(record)",
        `${item.kind} records hold no ratings; rated formats (ultrafeedback, helpsteer) are written from rated input`,
      );
    case "entry":
      throw new Error("internal: canonical entries are built by the converter");
  }
}
