/**
 * A quality report over preference pairs: what makes training data silently bad — duplicate
 * pairs, identical chosen and rejected responses, empty responses, and verbosity bias (how
 * often the chosen response is simply the longer one). Streaming: add pairs one at a time.
 */
import { conversationKey, pairKey } from "./dedupe.js";
import { messageText, type PreferencePair } from "./preference.js";

export interface QualityReport {
  pairs: number;
  duplicatePairs: number;
  identicalPairs: number;
  emptyChosen: number;
  emptyRejected: number;
  /** Share of pairs (with different lengths) whose chosen response is longer, in characters. */
  chosenLongerShare: number | null;
  meanChosenLength: number;
  meanRejectedLength: number;
  distinctPrompts: number;
}

export class QualityAccumulator {
  private readonly seenPairs = new Set<string>();
  private readonly prompts = new Set<string>();
  private pairs = 0;
  private duplicates = 0;
  private identical = 0;
  private emptyChosen = 0;
  private emptyRejected = 0;
  private longer = 0;
  private differentLength = 0;
  private chosenChars = 0;
  private rejectedChars = 0;

  add(pair: PreferencePair): void {
    this.pairs++;
    const key = pairKey(pair);
    if (this.seenPairs.has(key)) this.duplicates++;
    else this.seenPairs.add(key);
    this.prompts.add(conversationKey(pair.prompt));
    const chosen = pair.chosen.map(messageText).join("");
    const rejected = pair.rejected.map(messageText).join("");
    if (conversationKey(pair.chosen) === conversationKey(pair.rejected)) this.identical++;
    if (chosen.trim() === "") this.emptyChosen++;
    if (rejected.trim() === "") this.emptyRejected++;
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
      chosenLongerShare: this.differentLength > 0 ? this.longer / this.differentLength : null,
      meanChosenLength: this.pairs > 0 ? this.chosenChars / this.pairs : 0,
      meanRejectedLength: this.pairs > 0 ? this.rejectedChars / this.pairs : 0,
      distinctPrompts: this.prompts.size,
    };
  }
}
