/**
 * The live arena: the annotator writes a prompt (or samples one of the project's), and two
 * anonymous systems answer it side by side as their text streams in; the conversation can go on
 * with the same pair, and a vote on a complete turn reveals who was who — from the stored
 * vote's answer, as in the replay arena. Everything shown before the vote comes from events
 * that are the same for both sides (api/live.ts), so only the text tells the systems apart.
 */
import { useRef, useState } from "react";
import type { LiveEvent, Message, StoredJudgment } from "../../api";
import { api, streamEvents } from "../shared/api";
import { Conversation } from "../shared/Conversation";
import { asFailure, newIdempotencyKey, useAction } from "../shared/hooks";
import { Instructions } from "../shared/Instructions";
import { ErrorNote } from "../shared/Status";
import { CHOICES, type Outcome } from "./choices";

type Side = "a" | "b";
const SIDES: Side[] = ["a", "b"];

interface SideState {
  /** The side's conversation after the prompt, complete turns only. */
  messages: Message[];
  /** The answer streaming in now. */
  current: string;
  done: boolean;
  notice?: string;
}

type Phase = "idle" | "streaming" | "ready" | "dropped" | "voted";

interface LiveState {
  prompt?: { id: string; messages: Message[] };
  sides: Record<Side, SideState>;
  phase: Phase;
  turn: number;
  handles?: { a: string; b: string };
  dropped?: string;
}

const fresh = (): LiveState => ({
  sides: {
    a: { messages: [], current: "", done: false },
    b: { messages: [], current: "", done: false },
  },
  phase: "idle",
  turn: 0,
});

/** The conversation after one event: pure, so the page's state follows the stream exactly. */
function applyEvent(c: LiveState, e: LiveEvent): LiveState {
  switch (e.event) {
    case "prompt":
      return { ...c, prompt: { id: e.data.prompt, messages: e.data.messages as Message[] } };
    case "delta": {
      const s = c.sides[e.data.side];
      return {
        ...c,
        sides: { ...c.sides, [e.data.side]: { ...s, current: s.current + e.data.text } },
      };
    }
    case "restart": {
      const s = c.sides[e.data.side];
      const side = { ...s, current: "", done: false, notice: e.data.message };
      return { ...c, sides: { ...c.sides, [e.data.side]: side } };
    }
    case "done": {
      const s = c.sides[e.data.side];
      return { ...c, sides: { ...c.sides, [e.data.side]: { ...s, done: true } } };
    }
    case "turn": {
      const settle = (s: SideState): SideState => ({
        messages: [...s.messages, { role: "assistant", content: s.current }],
        current: "",
        done: true,
        ...(s.notice ? { notice: s.notice } : {}),
      });
      return {
        ...c,
        phase: "ready",
        turn: e.data.turn,
        handles: e.data.candidates,
        sides: { a: settle(c.sides.a), b: settle(c.sides.b) },
      };
    }
    case "dropped":
      return { ...c, phase: "dropped", dropped: e.data.message };
  }
}

export function LiveArena({ project, instructions }: { project: string; instructions?: string }) {
  const [conversation, setConversation] = useState<LiveState>(fresh);
  const [draft, setDraft] = useState("");
  const [followUp, setFollowUp] = useState("");
  const [rationale, setRationale] = useState("");
  const [stored, setStored] = useState<StoredJudgment | null>(null);
  const [failure, setFailure] = useState<ReturnType<typeof asFailure> | null>(null);
  const voteKey = useRef(newIdempotencyKey());
  const vote = useAction();
  const base = `/api/projects/${encodeURIComponent(project)}/live`;

  const run = async (path: string, body: unknown, start: (c: LiveState) => LiveState) => {
    setFailure(null);
    setConversation((c) => {
      const { dropped: _dropped, ...rest } = start(c);
      return { ...rest, phase: "streaming" };
    });
    let ended = false;
    try {
      await streamEvents(path, { body }, (event, data) => {
        const e = { event, data } as LiveEvent;
        if (e.event === "turn" || e.event === "dropped") ended = true;
        setConversation((c) => applyEvent(c, e));
      });
      if (!ended) {
        setConversation((c) => ({
          ...c,
          phase: "dropped",
          dropped: "The answers stopped coming.",
        }));
      }
    } catch (error) {
      setFailure(asFailure(error));
      setConversation((c) =>
        c.turn > 0 && c.phase === "streaming"
          ? { ...c, phase: "dropped" }
          : c.turn > 0
            ? c
            : fresh(),
      );
    }
  };

  const start = (body: { prompt: string } | { sample: true }) => {
    setStored(null);
    setRationale("");
    voteKey.current = newIdempotencyKey();
    setDraft("");
    void run(base, body, () => fresh());
  };

  const next = () => {
    const message = followUp.trim();
    const id = conversation.prompt?.id;
    if (!message || !id) return;
    setFollowUp("");
    voteKey.current = newIdempotencyKey();
    const asked: Message = { role: "user", content: message };
    void run(`${base}/${encodeURIComponent(id)}/turns`, { message }, (c) => ({
      ...c,
      sides: {
        a: { messages: [...c.sides.a.messages, asked], current: "", done: false },
        b: { messages: [...c.sides.b.messages, asked], current: "", done: false },
      },
    }));
  };

  const submit = async (outcome: Outcome) => {
    const { prompt, handles, phase } = conversation;
    if (!prompt || !handles || phase !== "ready" || vote.busy) return;
    const answer = await vote.run(() =>
      api<StoredJudgment>(`/api/projects/${encodeURIComponent(project)}/judgments`, {
        method: "POST",
        body: {
          kind: "pairwise",
          prompt: prompt.id,
          a: handles.a,
          b: handles.b,
          outcome,
          ...(rationale.trim() ? { rationale: rationale.trim() } : {}),
          idempotency_key: voteKey.current,
        },
      }),
    );
    if (answer) {
      setStored(answer);
      setConversation((c) => ({ ...c, phase: "voted" }));
    }
  };

  const { phase, prompt, sides } = conversation;
  const outcome = stored?.judgment.kind === "pairwise" ? stored.judgment.outcome : undefined;
  const busy = phase === "streaming";

  return (
    <section
      className={`arena live-arena${phase === "dropped" ? " dropped" : ""}`}
      aria-labelledby="arena-title"
    >
      <h1 id="arena-title" className="visually-hidden">
        Live arena
      </h1>
      {instructions ? <Instructions text={instructions} /> : null}
      {phase === "idle" || phase === "voted" || phase === "dropped" ? (
        <form
          className="panel live-start"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim()) start({ prompt: draft.trim() });
          }}
        >
          <label htmlFor="live-prompt">
            {phase === "idle" ? "Your prompt" : "Start again with a new prompt"}
          </label>
          <textarea
            id="live-prompt"
            rows={3}
            maxLength={8000}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <div className="live-actions">
            <button type="submit" className="primary" disabled={!draft.trim()}>
              Ask both
            </button>
            <button type="button" onClick={() => start({ sample: true })}>
              Sample a prompt
            </button>
          </div>
        </form>
      ) : null}
      {failure ? <ErrorNote error={failure} /> : null}
      {conversation.dropped ? (
        <p className="live-dropped" role="alert">
          {conversation.dropped}
        </p>
      ) : null}
      {prompt ? (
        <>
          <div className="prompt panel">
            <h2>Prompt</h2>
            <Conversation messages={prompt.messages} />
          </div>
          <div className="sides">
            {SIDES.map((side) => {
              const s = sides[side];
              const name = stored?.reveal?.[side];
              const won = outcome === side;
              const shown: Message[] = s.current
                ? [...s.messages, { role: "assistant", content: s.current }]
                : s.messages;
              return (
                <article
                  key={side}
                  className={`response panel${won ? " winner" : ""}`}
                  aria-labelledby={`side-${side}`}
                  aria-busy={busy && !s.done}
                  data-testid={`response-${side}`}
                >
                  <h2 id={`side-${side}`}>
                    Response {side.toUpperCase()}
                    {name !== undefined ? (
                      <span className="reveal" data-testid={`reveal-${side}`}>
                        {" "}
                        — {name}
                        {won ? " (your pick)" : ""}
                      </span>
                    ) : null}
                  </h2>
                  {s.notice ? (
                    <p className="live-notice" role="status" data-testid={`notice-${side}`}>
                      {s.notice}
                    </p>
                  ) : null}
                  <div aria-live="polite" data-testid={`text-${side}`}>
                    <Conversation messages={shown} hideSingleRole />
                    {busy && !s.done ? <p className="muted live-typing">Answering…</p> : null}
                  </div>
                </article>
              );
            })}
          </div>
        </>
      ) : null}
      {phase === "ready" ? (
        <form
          className="panel live-follow-up"
          onSubmit={(e) => {
            e.preventDefault();
            next();
          }}
        >
          <label htmlFor="live-follow-up">
            Go on: ask both a follow-up (turn {conversation.turn + 1})
          </label>
          <textarea
            id="live-follow-up"
            rows={2}
            maxLength={8000}
            value={followUp}
            onChange={(e) => setFollowUp(e.target.value)}
          />
          <button type="submit" disabled={!followUp.trim()}>
            Send follow-up
          </button>
        </form>
      ) : null}
      {prompt && (phase === "ready" || phase === "voted" || phase === "streaming") ? (
        <div className="vote panel">
          {stored ? (
            <p role="status">
              Vote stored. The systems are revealed above. Write a new prompt to go on.
            </p>
          ) : (
            <>
              <fieldset className="choices" disabled={phase !== "ready" || vote.busy}>
                <legend>
                  {phase === "ready"
                    ? "Which response is better?"
                    : "Vote when both answers are complete"}
                </legend>
                {CHOICES.map((c) => (
                  <button
                    key={c.outcome}
                    type="button"
                    className={c.outcome === "a" || c.outcome === "b" ? "primary" : ""}
                    onClick={() => submit(c.outcome)}
                  >
                    {c.label}
                  </button>
                ))}
              </fieldset>
              <label htmlFor="rationale">Why? (optional)</label>
              <textarea
                id="rationale"
                rows={2}
                maxLength={10000}
                value={rationale}
                onChange={(e) => setRationale(e.target.value)}
              />
            </>
          )}
          {vote.busy ? <p role="status">Storing your vote…</p> : null}
          {vote.error ? <ErrorNote error={vote.error} /> : null}
        </div>
      ) : null}
    </section>
  );
}
