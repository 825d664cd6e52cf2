/**
 * A quality report over preference pairs: what makes training data silently bad — duplicate
 * pairs, identical chosen and rejected responses, empty responses, and verbosity bias (how
 * often the chosen response is simply the longer one). Streaming: add pairs one at a time.
 */
import { promptText } from "./dedupe.js";
import { conversationDigest, Digest64, DigestSet } from "./digest-set.js";
import { messageText, type PreferencePair } from "./preference.js";

export interface QualityReport {
  pairs: number;
  duplicatePairs: number;
  identicalPairs: number;
  emptyChosen: number;
  emptyRejected: number;
  /** Responses that look cut off (see `looksTruncated`). */
  truncatedChosen: number;
  truncatedRejected: number;
  /** Share of pairs (with different lengths) whose chosen response is longer, in characters. */
  chosenLongerShare: number | null;
  meanChosenLength: number;
  meanRejectedLength: number;
  distinctPrompts: number;
}

const FENCE = /```/g;

/**
 * A heuristic for a response cut off by a generation limit: an unclosed code fence, or text
 * that stops mid-word (it ends in a letter or digit and its last line is longer than a short
 * list item or heading would be). Empty responses are counted separately, not here.
 */
export function looksTruncated(text: string): boolean {
  const trimmed = text.trimEnd();
  if (trimmed === "") return false;
  if ((trimmed.match(FENCE)?.length ?? 0) % 2 === 1) return true;
  const lastLine = trimmed.slice(trimmed.lastIndexOf("\n") + 1);
  return /[\p{L}\p{N},;:]$/u.test(trimmed) && lastLine.length > 60;
}

export class QualityAccumulator {
  private readonly seenPairs = new DigestSet();
  private readonly prompts = new DigestSet();
  private pairs = 0;
  private duplicates = 0;
  private identical = 0;
  private emptyChosen = 0;
  private emptyRejected = 0;
  private truncatedChosen = 0;
  private truncatedRejected = 0;
  private longer = 0;
  private differentLength = 0;
  private chosenChars = 0;
  private rejectedChars = 0;

  add(pair: PreferencePair): void {
    this.pairs++;
    const chosenDigest = conversationDigest(pair.chosen);
    const rejectedDigest = conversationDigest(pair.rejected);
    const whole = new Digest64()
      .conversation(pair.prompt)
      .conversation(pair.chosen)
      .conversation(pair.rejected);
    if (!this.seenPairs.add(whole)) this.duplicates++;
    this.prompts.add(
      pair.prompt.length > 0
        ? conversationDigest(pair.prompt)
        : new Digest64().text(promptText(pair)),
    );
    if (chosenDigest.hi === rejectedDigest.hi && chosenDigest.lo === rejectedDigest.lo)
      this.identical++;
    const chosen = pair.chosen.map(messageText).join("");
    const rejected = pair.rejected.map(messageText).join("");
    if (chosen.trim() === "") this.emptyChosen++;
    if (rejected.trim() === "") this.emptyRejected++;
    if (looksTruncated(chosen)) this.truncatedChosen++;
    if (looksTruncated(rejected)) this.truncatedRejected++;
    this.chosenChars += chosen.length;
    this.rejectedChars += rejected.length;
    if (chosen.length !== rejected.length) {
      this.differentLength++;
      if (chosen.length > rejected.length) this.longer++;
    }
  }

  report(): QualityReport {
    return {
      pairs: this.pairs,
      duplicatePairs: this.duplicates,
      identicalPairs: this.identical,
      emptyChosen: this.emptyChosen,
      emptyRejected: this.emptyRejected,
      truncatedChosen: this.truncatedChosen,
      truncatedRejected: this.truncatedRejected,
      chosenLongerShare: this.differentLength > 0 ? this.longer / this.differentLength : null,
      meanChosenLength: this.pairs > 0 ? this.chosenChars / this.pairs : 0,
      meanRejectedLength: this.pairs > 0 ? this.rejectedChars / this.pairs : 0,
      distinctPrompts: this.prompts.size,
    };
  }
}
