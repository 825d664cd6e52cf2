/**
 * Derivations between item kinds (issue 3's "convert" step): rated completions and rankings to
 * pairs (all pairs, best versus worst, a minimum margin), pairs to unpaired KTO examples,
 * battles with conversations to pairs, pairs with models to battles. A derivation that cannot
 * be made names the field that is missing; one that yields nothing (a tie) says why.
 * Labelled comparisons (judgment files) become battles, one per label, or their majority pair
 * (judgments/comparison-derive.ts); pairs and battles become comparisons (as-comparisons.ts).
 */
import { chosenShownFirst } from "../../core/dataset/dedupe.js";
import {
  type PairStrategy,
  pairToUnpaired,
  type RatedCompletions,
  ratedToPairs,
} from "../../core/dataset/derive.js";
import type { PreferencePair } from "../../core/dataset/preference.js";
import { battleToPair, pairToBattle } from "./arena-pairs.js";
import { asComparisons } from "./as-comparisons.js";
import type { FieldIssue } from "./field-issue.js";
import type { DatasetItem, ItemKind } from "./items.js";
import {
  comparisonToBattles,
  comparisonToPair,
  DROPS,
  NOTES,
} from "./judgments/comparison-derive.js";

export interface DeriveOptions {
  readonly strategy: PairStrategy;
  /** Smallest score difference that makes a pair (> 0). */
  readonly minMargin: number;
}

export type Derived =
  | {
      ok: true;
      items: DatasetItem[];
      /** Why nothing came out, when nothing did. */
      empty?: string;
      /** Parts left out while something came out (unparsed labels), by reason. */
      dropped?: Record<string, number>;
      /** Decisions made on the way (strong verdicts as three battles), by what was decided. */
      notes?: Record<string, number>;
      /** What the derivation left out of what it made, by reason (counted in the summary). */
      omitted?: Record<string, number>;
    }
  | { ok: false; issues: FieldIssue[] };

const pairs = (list: readonly PreferencePair[]): DatasetItem[] =>
  list.map((pair) => ({ kind: "pair", pair }));

/** Why items of one kind can never become items of another, or undefined when they can. */
export function underivable(from: ItemKind, to: ItemKind): string | undefined {
  if (from === to || to === "entry" || from === "entry") return undefined;
  if (from === "unpaired") return "unpaired examples have one completion; pairs need two";
  if (to === "rated") return `${from} records hold no ratings`;
  if (to === "comparison" && from === "rated")
    return "rated completions hold scores, not comparisons (convert to pairs first)";
  return undefined;
}

/**
 * The pairs of completions `--pairs all` does not make, by reason: equal scores (ties), a
 * difference under `--min-margin`, an unrated completion. Best-vs-worst makes one pair by design.
 */
function pairsNotMade(rated: RatedCompletions, options: DeriveOptions): Record<string, number> {
  const counts: Record<string, number> = {};
  if (options.strategy !== "all") return counts;
  const count = (reason: string) => {
    counts[`pairs not made from ratings: ${reason}`] =
      (counts[`pairs not made from ratings: ${reason}`] ?? 0) + 1;
  };
  const { completions } = rated;
  for (let i = 0; i < completions.length; i++) {
    for (let j = i + 1; j < completions.length; j++) {
      const a = completions[i]!.score;
      const b = completions[j]!.score;
      if (!Number.isFinite(a) || !Number.isFinite(b)) count("a completion is unrated");
      else if (a === b) count("equal scores (ties)");
      else if (Math.abs(a - b) < options.minMargin) count("difference under --min-margin");
    }
  }
  return counts;
}

/** The item's preference pairs, or an issue when it cannot have any. */
function asPairs(item: DatasetItem, options: DeriveOptions): Derived {
  switch (item.kind) {
    case "pair":
      return { ok: true, items: [item] };
    case "rated": {
      const list = ratedToPairs(item.rated, options.strategy, options.minMargin);
      const omitted = pairsNotMade(item.rated, options);
      return list.length > 0
        ? { ok: true, items: pairs(list), omitted }
        : {
            ok: true,
            items: [],
            empty: "no two completions differ by the minimum margin",
            omitted,
          };
    }
    case "battle": {
      const r = battleToPair(item.battle);
      if (!r.ok) return r;
      return r.value
        ? { ok: true, items: pairs([r.value]) }
        : { ok: true, items: [], empty: "ties carry no preference" };
    }
    case "comparison": {
      const r = comparisonToPair(item.comparison);
      if (!r.ok) return r;
      return "empty" in r.value
        ? { ok: true, items: [], empty: r.value.empty }
        : { ok: true, items: pairs([r.value]) };
    }
    case "unpaired":
    case "entry":
      throw new Error(`internal: ${item.kind} items have no pairs`);
  }
}

const counted = (entries: [string, number][]): Record<string, number> | undefined => {
  const kept = entries.filter(([, n]) => n > 0);
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
};

/** A comparison's battles, one per parsed label, with what was decided counted. */
function comparisonBattles(item: Extract<DatasetItem, { kind: "comparison" }>): Derived {
  const r = comparisonToBattles(item.comparison);
  if (!r.ok) return r;
  const { battles, unparsed, strong, fractional } = r.value;
  const dropped = counted([[DROPS.unparsed, unparsed]]);
  const notes = counted([
    [NOTES.strong, strong],
    [NOTES.fractional, fractional],
  ]);
  return {
    ok: true,
    items: battles.map((battle) => ({ kind: "battle", battle })),
    ...(dropped ? { dropped } : battles.length === 0 ? { empty: DROPS.none } : {}),
    ...(notes ? { notes } : {}),
  };
}

/**
 * KTO examples of rated completions: each completion once, desirable when it is chosen in
 * some derived pair and undesirable when rejected. A completion both chosen and rejected (a
 * middle one, with --pairs all) has no clear label and is left out.
 */
function ratedToUnpaired(
  item: Extract<DatasetItem, { kind: "rated" }>,
  options: DeriveOptions,
): Derived {
  const derived = asPairs(item, options);
  if (!derived.ok || derived.items.length === 0) return derived;
  const labels = new Map<readonly unknown[], boolean | "both">();
  for (const p of derived.items) {
    if (p.kind !== "pair") continue;
    for (const [side, label] of [
      [p.pair.chosen, true],
      [p.pair.rejected, false],
    ] as const) {
      const seen = labels.get(side);
      labels.set(side, seen === undefined || seen === label ? label : "both");
    }
  }
  const items: DatasetItem[] = [];
  let conflicting = 0;
  for (const c of item.rated.completions) {
    const label = labels.get(c.messages);
    if (label === undefined) continue;
    if (label === "both") {
      conflicting++;
      continue;
    }
    const example = {
      prompt: item.rated.prompt,
      completion: c.messages,
      label,
      ...(c.model !== undefined ? { model: c.model } : {}),
      ...(item.rated.id !== undefined ? { id: item.rated.id } : {}),
    };
    items.push({ kind: "unpaired", example });
  }
  const omitted = {
    ...derived.omitted,
    ...(conflicting > 0
      ? { "KTO examples not made: completion both chosen and rejected": conflicting }
      : {}),
  };
  return items.length > 0
    ? { ok: true, items, omitted }
    : {
        ok: true,
        items: [],
        empty: conflicting > 0 ? "completions both chosen and rejected" : "no labelled completion",
        omitted,
      };
}

/**
 * Turns an item into items of kind `target`. Kinds that cannot become the target (see
 * `underivable`) give nothing, with the reason: a canonical file mixes judgment kinds.
 */
export function deriveItems(item: DatasetItem, target: ItemKind, options: DeriveOptions): Derived {
  if (item.kind === target) return { ok: true, items: [item] };
  const impossible = underivable(item.kind, target);
  if (impossible) return { ok: true, items: [], empty: impossible };
  switch (target) {
    case "pair":
      return asPairs(item, options);
    case "unpaired": {
      if (item.kind === "rated") return ratedToUnpaired(item, options);
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
      if (item.kind === "comparison") return comparisonBattles(item);
      const derived = asPairs(item, options);
      if (!derived.ok) return derived;
      const items: DatasetItem[] = [];
      for (const p of derived.items) {
        if (p.kind !== "pair") continue;
        const battle = pairToBattle(p.pair, p.pair.chosenFirst ?? chosenShownFirst(p.pair));
        if (!battle.ok) return battle;
        items.push({ kind: "battle", battle: battle.value });
      }
      return { ...derived, items };
    }
    case "comparison": {
      const r = asComparisons(item);
      if (!r.ok) return r;
      return { ok: true, items: r.value.map((comparison) => ({ kind: "comparison", comparison })) };
    }
    case "rated":
    case "entry":
      throw new Error(`internal: no derivation to ${target} items`);
  }
}
