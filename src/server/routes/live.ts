/**
 * The live arena: an annotator's prompt (or a sampled one) answered by two anonymous live
 * systems as they watch, streamed as server-sent events over the POST's response; then more
 * turns with the same pair; the vote is the ordinary arena vote on the last turn's handles, and
 * only its answer reveals the systems. Before the vote nothing tells the systems apart but
 * their text: the same events and fields for both sides, the same headers for any pair, and
 * generic messages when a system fails (live-conversation.ts).
 */
import * as api from "../../api/index.js";
import type { Message, Prompt } from "../../core/types.js";
import {
  isLiveRow,
  LIVE_ID_PREFIX,
  type Project,
  type Role,
  type Store,
} from "../../store/store.js";
import { ApiError, invalid } from "../errors.js";
import { EVENT_STREAM, eventStream } from "../event-stream.js";
import {
  liveId,
  livePrompt,
  pickLivePair,
  streamTurn,
  type TurnContext,
} from "../live-conversation.js";
import type { LiveSystems } from "../live-systems.js";
import { currentSettings } from "../project-settings.js";
import { jsonBody, route, type Services } from "../route.js";

const tag = "live";

const EVENTS_DOC =
  "The answer is a stream of server-sent events (`event:` and `data:` lines; read it with fetch, since EventSource cannot POST): `prompt {prompt, messages}` first; then, for each side, `delta {side, text}` as text comes, `restart {side, message}` when the side's system failed and another answers instead (clear its text), `done {side}`; then `turn {prompt, turn, candidates: {a, b}}` once both answers are stored as candidates and served (vote on those handles with `POST /api/projects/{id}/judgments`: the vote's answer reveals the systems), or `dropped {message}` when the pair cannot go on (nothing of the turn can be voted on). Events and headers are the same whichever systems answer; failures read the same for any system. Each call counts against a per-annotator limit of live calls (429).";

const streamed = {
  200: {
    description: "Server-sent events (see the description)",
    schema: api.liveEventDoc,
    contentType: "text/event-stream",
  },
} as const;

/** The project's live systems this server serves, or an error saying why there are none. */
async function livePool(
  store: Store,
  project: Project,
  services: Services,
  annotatorId: string,
): Promise<{ live: LiveSystems; pool: string[] }> {
  const settings = await currentSettings(store, project.id);
  const ids = settings.live_systems ?? [];
  if (settings.mode !== "arena" || ids.length === 0) {
    throw invalid("id", "this project is not a live arena (its settings name no live_systems)");
  }
  const live = services.live;
  const pool = live ? ids.filter((id) => live.get(id) !== undefined) : [];
  if (!live || pool.length < 2) {
    throw new ApiError(
      "unavailable",
      "the live arena is not available on this server now (its --systems config lacks this project's systems)",
    );
  }
  live.count(annotatorId);
  return { live, pool };
}

const user = (content: string): Message => ({ role: "user", content });

/** Assistant turns so far: the turn a candidate answers. */
const turnsIn = (messages: readonly Message[]) =>
  messages.filter((m) => m.role === "assistant").length;

/** A turn's event stream, opened with the `prompt` event, and the context streamTurn writes with. */
function openTurn(
  reply: Parameters<typeof eventStream>[0],
  prompt: { id: string; messages: readonly Message[] },
  on: Omit<TurnContext, "annotatorId" | "admin" | "events"> & {
    annotator: { id: string; role: string };
  },
): TurnContext {
  const events = eventStream(reply);
  events.send("prompt", { prompt: prompt.id, messages: prompt.messages });
  const { annotator, ...rest } = on;
  return { ...rest, annotatorId: annotator.id, admin: annotator.role === "admin", events };
}

export const liveRoutes = [
  route({
    method: "POST",
    path: "/api/projects/{id}/live",
    tag,
    summary: "Start a live arena conversation: two anonymous systems answer, streamed",
    description: `\`{ prompt }\` (the caller's own, stored with the first turn's answers as a prompt of the project whose id starts with \`${LIVE_ID_PREFIX}\` and whose \`metadata.live\` names the caller; nothing is stored when the first turn is dropped or abandoned) or \`{ sample: true }\` (one of the project's prompts the caller has not voted on, never one an annotator wrote; 404 on \`sample\` when none is left). A live conversation is the caller's alone: its prompt and answers (ids starting with \`${LIVE_ID_PREFIX}\`, with \`metadata.live\`) are never offered by \`tasks/next\` to anyone, and only the caller, to whom its pair was served, can vote on it. The pair is the project's least-voted pair of its \`settings.live_systems\`, ties at random, sides at random; a side that fails is answered by another live system. Only in a live arena (400 on \`id\` otherwise; 503 when this server lacks the systems). ${EVENTS_DOC}`,
    access: ["admin", "annotator"],
    project: true,
    body: jsonBody(api.liveStartBody),
    responses: streamed,
    async handler({ store, project, principal, body, services, reply, request }) {
      const annotator = principal!.annotator;
      const { live, pool } = await livePool(store, project, services, annotator.id);
      let prompt: { id: string; messages: readonly Message[] };
      let newPrompt: Prompt | undefined;
      if (body.sample) {
        const sampled = await store.sampleUnvotedPrompt(project.id, annotator.id);
        if (!sampled) {
          throw new ApiError(
            "not_found",
            "sample: no prompt of this project is left that you have not voted on; write one",
            { field: "sample" },
          );
        }
        prompt = sampled;
      } else {
        newPrompt = livePrompt(liveId(), [user(body.prompt!)], annotator.id);
        prompt = newPrompt;
      }
      const [a, b] = await pickLivePair(store, project.id, pool);
      const ctx = openTurn(reply, prompt, {
        store,
        live,
        handles: services.handles,
        log: request.log,
        projectId: project.id,
        annotator,
      });
      const { events } = ctx;
      void streamTurn(ctx, {
        promptId: prompt.id,
        ...(newPrompt ? { newPrompt } : {}),
        turn: 1,
        prompt: prompt.messages,
        sides: {
          a: { system: live.get(a)!, before: [] },
          b: { system: live.get(b)!, before: [] },
        },
        pool,
      }).finally(() => events.end());
      return { status: 200, type: EVENT_STREAM, body: events.stream };
    },
  }),
  route({
    method: "POST",
    path: "/api/projects/{id}/live/{prompt}/turns",
    tag,
    summary: "The next turn of a live conversation, with the same pair, streamed",
    description: `\`{ message }\`: both systems of the pair served to the caller for \`prompt\` answer it, each continuing its own conversation. Refused after the vote (409 \`already_judged\`), when nothing is served for the prompt or another turn is under way (409 \`not_served\`), and after ${api.MAX_LIVE_TURNS} turns (400 on \`message\`). Starting a turn withdraws the last one: from then on only this turn's handles can be voted on, and if it is dropped nothing of the conversation can. A failed side drops the pair (no other system can take over a conversation it did not hold). ${EVENTS_DOC}`,
    access: ["admin", "annotator"],
    project: true,
    body: jsonBody(api.liveTurnBody),
    responses: streamed,
    async handler({ store, project, principal, params, body, services, reply, request }) {
      const annotator = principal!.annotator;
      const promptId = params.prompt!;
      const { live } = await livePool(store, project, services, annotator.id);
      const served = await store.servedPair(project.id, annotator.id, promptId);
      if (!served)
        throw await nothingServed(store, project.id, annotator.id, annotator.role, promptId);
      const [prompt, a, b] = await Promise.all([
        store.getPrompt(project.id, promptId),
        store.getCandidate(project.id, served.a),
        store.getCandidate(project.id, served.b),
      ]);
      const systemA = a && live.get(a.systemId);
      const systemB = b && live.get(b.systemId);
      // Only a live conversation goes on: a replay pair served for the prompt is not one.
      if (!prompt || !a || !b || !systemA || !systemB || !isLiveRow(a) || !isLiveRow(b)) {
        throw new ApiError(
          "not_served",
          "prompt: the pair served for this prompt is not a live conversation this server can continue",
          { field: "prompt" },
        );
      }
      const turn = turnsIn(a.messages) + 1;
      if (turn > api.MAX_LIVE_TURNS) {
        throw invalid(
          "message",
          `a live conversation has at most ${api.MAX_LIVE_TURNS} turns: vote on it, or start another`,
        );
      }
      if (!(await store.withdrawServedPair(project.id, annotator.id, promptId, served))) {
        throw await nothingServed(store, project.id, annotator.id, annotator.role, promptId);
      }
      const ctx = openTurn(reply, prompt, {
        store,
        live,
        handles: services.handles,
        log: request.log,
        projectId: project.id,
        annotator,
      });
      const { events } = ctx;
      void streamTurn(ctx, {
        promptId,
        turn,
        prompt: prompt.messages,
        sides: {
          a: { system: systemA, before: a.messages },
          b: { system: systemB, before: b.messages },
        },
        message: user(body.message),
      })
        .then(async (stored) => {
          // The client went away mid-turn: the last turn stays votable, as if nothing was asked.
          if (!stored && events.closed.aborted) {
            await store.serveLivePair(project.id, annotator.id, promptId, served);
          }
        })
        .catch((error: unknown) => request.log.error({ err: error }, "live turn"))
        .finally(() => events.end());
      return { status: 200, type: EVENT_STREAM, body: events.stream };
    },
  }),
];

/** Why a turn cannot go on: the caller voted on the prompt, or nothing is served for it. */
async function nothingServed(
  store: Store,
  projectId: string,
  annotatorId: string,
  role: Role,
  promptId: string,
): Promise<ApiError> {
  const voted = role !== "admin" && (await store.votedOn(projectId, annotatorId, promptId));
  return voted
    ? new ApiError("already_judged", "prompt: you have voted on this conversation; start another", {
        field: "prompt",
      })
    : new ApiError(
        "not_served",
        "prompt: no live conversation of yours is waiting for a turn on this prompt (or another turn is under way)",
        { field: "prompt" },
      );
}
