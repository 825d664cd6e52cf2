/**
 * A live arena turn from the server's side: runs it (app/live/live-turn.ts), streams its events,
 * and when both sides answered stores them as candidates — each holding the whole conversation
 * after the prompt, with its GenerationRecord under `metadata.generation` — and serves the pair,
 * so the existing vote route takes it. A prompt the annotator wrote is stored with its first
 * turn, in the same transaction: a turn dropped or abandoned leaves nothing behind. Every row
 * stored carries the live mark (store/live-rows.ts), which keeps it out of replay tasks and
 * sampling: it is the annotator's own conversation. Events are the same for both sides whoever answers them,
 * and what the annotator reads of a failure is generic; the real error goes to the log.
 */
import { randomInt, randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import { chooseLivePair, replacementFor, systemPairKey } from "../app/live/choose-pair.js";
import { type LiveTurnResult, runLiveTurn, type Side } from "../app/live/live-turn.js";
import type { Candidate, CandidateId, Message, Prompt, PromptId, SystemId } from "../core/types.js";
import type { LlmSystem } from "../llm/types.js";
import { LIVE_ID_PREFIX, type Store } from "../store/store.js";
import type { CandidateHandles } from "./candidate-handles.js";
import type { EventStream } from "./event-stream.js";
import type { LiveSystems } from "./live-systems.js";

/** A fresh id for a live prompt or candidate: one half of the live mark. */
export const liveId = (): string => `${LIVE_ID_PREFIX}${randomUUID()}`;

/** The prompt an annotator wrote, as stored with its first turn (the mark's other half). */
export function livePrompt(id: string, messages: readonly Message[], annotatorId: string): Prompt {
  return { id: id as PromptId, messages, metadata: { live: { annotator: annotatorId } } };
}

const SIDE_NAME: Record<Side, string> = { a: "A", b: "B" };

export interface TurnContext {
  store: Store;
  live: LiveSystems;
  handles: CandidateHandles;
  log: FastifyBaseLogger;
  projectId: string;
  annotatorId: string;
  /** Admins vote with candidate ids; annotators with handles. */
  admin: boolean;
  events: EventStream;
}

export interface TurnPlan {
  promptId: string;
  /** The annotator's own prompt, not stored yet: stored with this turn's answers. */
  newPrompt?: Prompt;
  /** 1 for the first answer. */
  turn: number;
  /** The prompt's messages. */
  prompt: readonly Message[];
  /** Each side's conversation after the prompt so far (empty on turn 1), and its system. */
  sides: Record<Side, { system: LlmSystem; before: readonly Message[] }>;
  /** The annotator's new message (none on turn 1: the prompt is the question). */
  message?: Message;
  /** The project's live systems served here: replacements for a failed side on turn 1. */
  pool?: readonly string[];
}

/** The project's pair of least-voted live systems, sides at random. */
export async function pickLivePair(
  store: Store,
  projectId: string,
  pool: readonly string[],
): Promise<[string, string]> {
  const counts = await store.battleCounts(projectId);
  const votes = new Map<string, number>();
  for (const c of counts) {
    const key = systemPairKey(c.systemA, c.systemB);
    votes.set(key, (votes.get(key) ?? 0) + c.count);
  }
  return chooseLivePair(pool, votes, randomInt);
}

/**
 * Runs the turn and streams it; resolves once the stream's last event is sent. True when the
 * turn was stored and served.
 */
export async function streamTurn(ctx: TurnContext, plan: TurnPlan): Promise<boolean> {
  const { events, live } = ctx;
  const conversation = (side: Side) => [
    ...plan.prompt,
    ...plan.sides[side].before,
    ...(plan.message ? [plan.message] : []),
  ];
  const pool = plan.pool;
  let result: LiveTurnResult;
  try {
    result = await runLiveTurn({
      sides: {
        a: { system: plan.sides.a.system, messages: conversation("a") },
        b: { system: plan.sides.b.system, messages: conversation("b") },
      },
      clientFor: (system) => live.client(system),
      ...(pool
        ? {
            replace: (taken: ReadonlySet<string>) => {
              const id = replacementFor(pool, taken, randomInt);
              return id === undefined ? undefined : live.get(id);
            },
          }
        : {}),
      onDelta: (side, text) => events.send("delta", { side, text }),
      onRestart: (side) =>
        events.send("restart", {
          side,
          message: `Response ${SIDE_NAME[side]} failed; another system is answering it.`,
        }),
      onDone: (side) => events.send("done", { side }),
      onFailure: (side, system, error) =>
        ctx.log.warn(
          { project: ctx.projectId, side, system: system.id, kind: kindOf(error) },
          `live system failed: ${(error as Error).message}`,
        ),
      signal: events.closed,
    });
  } catch (error) {
    ctx.log.error({ err: error }, "live turn failed");
    result = { ok: false, side: "a", aborted: false };
  }
  if (!result.ok) {
    events.send("dropped", {
      message: result.aborted
        ? "The conversation was stopped."
        : `Response ${SIDE_NAME[result.side]} failed and no other system could answer. Nothing of this turn can be voted on: start a new prompt.`,
    });
    return false;
  }
  try {
    const ids = { a: liveId(), b: liveId() };
    const candidate = (side: Side): Candidate => {
      const answer = result.ok ? result[side] : undefined;
      return {
        id: ids[side] as CandidateId,
        promptId: plan.promptId as PromptId,
        systemId: answer!.system.id as SystemId,
        messages: [
          ...plan.sides[side].before,
          ...(plan.message ? [plan.message] : []),
          { role: "assistant", content: answer!.text },
        ],
        metadata: { generation: answer!.generation, live: { turn: plan.turn } },
      };
    };
    await ctx.store.addEntries(ctx.projectId, {
      prompts: plan.newPrompt ? [plan.newPrompt] : [],
      systems: [],
      candidates: [candidate("a"), candidate("b")],
      judgments: [],
    });
    await ctx.store.serveLivePair(ctx.projectId, ctx.annotatorId, plan.promptId, ids);
    const handle = async (id: string) =>
      ctx.admin ? id : ctx.handles.handle(ctx.projectId, ctx.annotatorId, id);
    events.send("turn", {
      prompt: plan.promptId,
      turn: plan.turn,
      candidates: { a: await handle(ids.a), b: await handle(ids.b) },
    });
    return true;
  } catch (error) {
    ctx.log.error({ err: error }, "storing a live turn failed");
    events.send("dropped", {
      message: "The answers could not be stored. Nothing of this turn can be voted on.",
    });
    return false;
  }
}

const kindOf = (error: unknown) =>
  typeof error === "object" && error !== null && "kind" in error
    ? String((error as { kind: unknown }).kind)
    : "unknown";
