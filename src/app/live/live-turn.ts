/**
 * One turn of a live arena conversation: both sides' systems answer at once, streamed, each
 * delta passed on as it comes. A side that fails (an error of any kind, a timeout, a dropped
 * stream) is answered again by another system when the caller allows it (the first turn: no
 * earlier answer of the failed system is part of the conversation), its text cleared; else the
 * turn is dropped and the other side stopped. Nothing here knows about HTTP or the store: the
 * server turns the callbacks into events and stores what comes back.
 */
import type { Message } from "../../core/types.js";
import type { ChatClient } from "../../llm/chat-client.js";
import { costOf } from "../../llm/cost.js";
import { requestFor, requestKey } from "../../llm/request-key.js";
import type { GenerationRecord, LlmSystem } from "../../llm/types.js";

export type Side = "a" | "b";

export interface LiveSideAnswer {
  system: LlmSystem;
  text: string;
  generation: GenerationRecord;
}

export type LiveTurnResult =
  | { ok: true; a: LiveSideAnswer; b: LiveSideAnswer }
  /** `side` failed with no system left to answer it (or replacing was not allowed). */
  | { ok: false; side: Side; aborted: boolean };

export interface LiveTurnOptions {
  /** Each side's system and the conversation it answers (without its system prompt). */
  sides: Record<Side, { system: LlmSystem; messages: readonly Message[] }>;
  clientFor: (system: LlmSystem) => ChatClient;
  /**
   * Another system for a failed side, given every system already in the turn (and each that
   * failed); undefined: none, and the turn is dropped. Absent: a failure drops the turn.
   */
  replace?: (taken: ReadonlySet<string>) => LlmSystem | undefined;
  onDelta: (side: Side, text: string) => void;
  /** The side failed and `system` answers it now: its text so far is void. */
  onRestart: (side: Side) => void;
  onDone: (side: Side) => void;
  /** Why a system failed, for the server's log (never for the annotator). */
  onFailure?: (side: Side, system: LlmSystem, error: unknown) => void;
  signal?: AbortSignal;
}

/**
 * Runs both sides concurrently. Resolves (never rejects) once both answered, or one side could
 * not be answered (the other is then aborted), or `signal` aborted.
 */
export async function runLiveTurn(options: LiveTurnOptions): Promise<LiveTurnResult> {
  const stop = new AbortController();
  const abort = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener("abort", abort, { once: true });
  const taken = new Set([options.sides.a.system.id, options.sides.b.system.id]);

  const runSide = async (side: Side): Promise<LiveSideAnswer | undefined> => {
    let { system } = options.sides[side];
    const { messages } = options.sides[side];
    for (;;) {
      if (stop.signal.aborted) return undefined;
      try {
        return await answer(system, messages, side);
      } catch (error) {
        if (stop.signal.aborted) return undefined;
        options.onFailure?.(side, system, error);
        const next = options.replace?.(taken);
        if (!next) return undefined;
        taken.add(next.id);
        system = next;
        options.onRestart(side);
      }
    }
  };

  const answer = async (
    system: LlmSystem,
    messages: readonly Message[],
    side: Side,
  ): Promise<LiveSideAnswer> => {
    const request = requestFor(system, messages, { sample: 0 });
    const result = await options.clientFor(system).complete(request, {
      signal: stop.signal,
      onDelta: (choice, text) => {
        if (choice === 0 && !stop.signal.aborted) options.onDelta(side, text);
      },
    });
    const text = result.texts[0] ?? "";
    const usage = result.usage;
    const generation: GenerationRecord = {
      system: system.id,
      model: system.model,
      sample: 0,
      params: request.params,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      usageEstimated: result.usageEstimated,
      latencyMs: result.latencyMs,
      finishReason: result.finishReasons[0] ?? null,
      cost: costOf(system.price, usage),
      requestKey: requestKey(request),
      diversity: "live",
    };
    return { system, text, generation };
  };

  // Each side ends the other's wait when it cannot be answered: the pair is dropped.
  const settle = async (side: Side) => {
    const result = await runSide(side);
    if (result) options.onDone(side);
    else stop.abort(new Error(`side ${side} failed`));
    return result;
  };
  try {
    const [a, b] = await Promise.all([settle("a"), settle("b")]);
    if (a && b) return { ok: true, a, b };
    const aborted = options.signal?.aborted ?? false;
    return { ok: false, side: a ? "b" : "a", aborted };
  } finally {
    options.signal?.removeEventListener("abort", abort);
  }
}
