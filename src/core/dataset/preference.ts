/**
 * Preference data as trainers consume it, independent of any file format: a shared prompt
 * (a conversation) with a chosen and a rejected continuation (TRL's "preference" type), or a
 * single continuation with a thumbs label (TRL's "unpaired preference", KTO).
 */
import type { Message, Metadata } from "../types.js";

export interface PreferencePair {
  /** The conversation before the responses; may be empty (TRL's implicit prompt). */
  readonly prompt: readonly Message[];
  /** The preferred continuation: usually one assistant message. */
  readonly chosen: readonly Message[];
  readonly rejected: readonly Message[];
  readonly chosenModel?: string;
  readonly rejectedModel?: string;
  /** Evaluation subset (RewardBench) or source tag. */
  readonly subset?: string;
  /** Score margin between chosen and rejected, when derived from ratings. */
  readonly margin?: number;
  readonly id?: string;
  /** The record's fields no format models (a TRL dataset's extra columns), kept as they were. */
  readonly metadata?: Metadata;
  /**
   * Whether the source showed the chosen response first, when it says (LLMBar's `label`, a
   * canonical judgment's `a`): kept so a judge's position bias can still be studied. Without
   * it, converters pick the side from the content (`chosenShownFirst`).
   */
  readonly chosenFirst?: boolean;
}

export interface UnpairedExample {
  readonly prompt: readonly Message[];
  readonly completion: readonly Message[];
  /** true: desirable (thumbs up); false: undesirable. */
  readonly label: boolean;
  readonly model?: string;
  readonly id?: string;
  /** The record's fields no format models, kept as they were. */
  readonly metadata?: Metadata;
}

/** The text of a message, with image parts left out. */
export function messageText(message: Message): string {
  if (typeof message.content === "string") return message.content;
  return message.content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** Splits two conversations into their longest common prefix and the two remainders. */
export function splitCommonPrefix(
  a: readonly Message[],
  b: readonly Message[],
): { prefix: Message[]; restA: Message[]; restB: Message[] } {
  let k = 0;
  while (
    k < a.length &&
    k < b.length &&
    a[k]!.role === b[k]!.role &&
    messageText(a[k]!) === messageText(b[k]!)
  ) {
    k++;
  }
  // The responses must keep at least their last message: identical conversations share all
  // but the final turn.
  if (k === a.length || k === b.length) k = Math.max(0, Math.min(a.length, b.length) - 1);
  return { prefix: a.slice(0, k), restA: a.slice(k), restB: b.slice(k) };
}

/**
 * Makes an implicit prompt explicit: when `prompt` is empty, the longest common prefix of the
 * chosen and rejected conversations becomes the prompt (TRL's implicit-prompt convention).
 */
export function withExplicitPrompt(pair: PreferencePair): PreferencePair {
  if (pair.prompt.length > 0) return pair;
  const { prefix, restA, restB } = splitCommonPrefix(pair.chosen, pair.rejected);
  return { ...pair, prompt: prefix, chosen: restA, rejected: restB };
}

/** Characters of text in a conversation. */
export const textLength = (messages: readonly Message[]): number =>
  messages.reduce((n, m) => n + messageText(m).length, 0);

/** True when a conversation has no text but white space (an empty or missing response). */
export const isBlank = (messages: readonly Message[]): boolean =>
  messages.every((m) => messageText(m).trim() === "");
