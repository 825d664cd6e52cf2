/**
 * prefkit's canonical dataset: prompts, systems, candidates and judgments (design.md, "Domain
 * model") as the entries of one stream, in file order. `CanonicalResolver` derives training
 * shapes from entries; `CanonicalBuilder` makes entries from training shapes. The file
 * boundary (JSON Lines, snake_case) is formats/dataset/prefkit-canonical.ts.
 */
import type {
  Battle,
  Candidate,
  Judgment,
  Message,
  Metadata,
  PairwiseOutcome,
  Prompt,
  System,
} from "../types.js";
import type { RatedCompletions } from "./derive.js";
import type { PreferencePair, UnpairedExample } from "./preference.js";

/** One line of a canonical file. */
export type CanonicalEntry =
  | { readonly type: "prompt"; readonly prompt: Prompt }
  | { readonly type: "system"; readonly system: System }
  | { readonly type: "candidate"; readonly candidate: Candidate }
  | { readonly type: "judgment"; readonly judgment: Judgment };

export type CanonicalEntryType = CanonicalEntry["type"];

export type CanonicalIssueCode =
  | "duplicate_id"
  | "unknown_prompt"
  | "unknown_candidate"
  | "prompt_mismatch";

/** A reference problem between entries; `field` is named as in the file ("order.1.0"). */
export interface CanonicalIssue {
  readonly code: CanonicalIssueCode;
  readonly field: string;
  readonly message: string;
}

/**
 * What one judgment yields. A pairwise judgment always yields a battle, and a preference pair
 * when it has a winner; rankings and ratings yield rated completions for `ratedToPairs`;
 * a binary judgment yields a KTO example.
 */
export type Derivation =
  | {
      readonly kind: "pairwise";
      readonly battle: Battle;
      /** Each side's conversation: the prompt's messages, then its candidate's. */
      readonly conversations: readonly [readonly Message[], readonly Message[]];
      /** False when a candidate has no messages (a battle log's): the conversations are not known. */
      readonly answered: boolean;
      readonly pair?: PreferencePair;
    }
  | { readonly kind: "ranking"; readonly rated: RatedCompletions }
  | { readonly kind: "rating"; readonly rated: RatedCompletions }
  | { readonly kind: "binary"; readonly example: UnpairedExample };

/** The result of adding an entry: prompts, systems and candidates derive nothing. */
export type Resolution =
  | { readonly ok: true; readonly derived?: Derivation }
  | { readonly ok: false; readonly issues: readonly CanonicalIssue[] };

/** A battle with the two conversations as the systems had them, prompt turns included. */
export interface ConversationBattle {
  readonly systemA: string;
  readonly systemB: string;
  readonly outcome: PairwiseOutcome;
  readonly conversationA: readonly Message[];
  readonly conversationB: readonly Message[];
  /** The record's own id, when it has one: it tells repeated battles apart. */
  readonly id?: string;
  /** The record's fields prefkit does not model, kept on the judgment. */
  readonly metadata?: Metadata;
}

/**
 * A battle whose conversations are not in the data (a leaderboard's battle log): the systems,
 * the outcome, and the question it was about when the log names one.
 */
export interface SystemsBattle {
  readonly systemA: string;
  readonly systemB: string;
  readonly outcome: PairwiseOutcome;
  /** The log's question id (any JSON value): battles on one question share a prompt. */
  readonly question?: unknown;
  readonly metadata?: Metadata;
}
