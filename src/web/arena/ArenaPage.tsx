/**
 * The blind arena: a prompt and two anonymous responses; the vote is sent, and only its stored
 * answer names the systems. Candidates arrive as opaque handles, so nothing the browser holds
 * before the vote can tell who wrote what. A live project's arena is LiveArena.tsx instead.
 */
import { useEffect, useRef, useState } from "react";
import type { Project, StoredJudgment, Task } from "../../api";
import { api } from "../shared/api";
import { Conversation } from "../shared/Conversation";
import { newIdempotencyKey, useAction, useLoad } from "../shared/hooks";
import { Instructions } from "../shared/Instructions";
import { useShortcuts } from "../shared/keys";
import { projectPath } from "../shared/router";
import { ErrorNote, Loading } from "../shared/Status";
import { useMe } from "../shared/session";
import { CHOICES, type Outcome } from "./choices";
import { LiveArena } from "./LiveArena";

interface Loaded {
  task: Task | undefined;
  key: string;
}

export function ArenaPage({ project }: { project: string }) {
  const [details, reloadDetails] = useLoad(`arena/${project}`, (signal) =>
    api<{ project: Project }>(`/api/projects/${encodeURIComponent(project)}`, { signal }),
  );
  if (details.state === "loading") return <Loading what="the arena" />;
  if (details.state === "error") return <ErrorNote error={details.error} retry={reloadDetails} />;
  const settings = details.value?.project;
  const instructions = settings?.settings.instructions;
  return settings?.live ? (
    <LiveArena project={project} {...(instructions ? { instructions } : {})} />
  ) : (
    <ReplayArena project={project} {...(instructions ? { instructions } : {})} />
  );
}

function ReplayArena({ project, instructions }: { project: string; instructions?: string }) {
  const me = useMe();
  const [round, setRound] = useState(0);
  const [task, reload] = useLoad(`${project}/${round}`, async (signal) => {
    const answer = await api<{ task: Task }>(
      `/api/projects/${encodeURIComponent(project)}/tasks/next?kind=pair`,
      { signal },
    );
    return { task: answer?.task, key: newIdempotencyKey() } satisfies Loaded;
  });
  const [rationale, setRationale] = useState("");
  const [stored, setStored] = useState<StoredJudgment | null>(null);
  // After the vote, focus moves to "Next pair", so Enter or Space goes on.
  const nextButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (stored) nextButton.current?.focus();
  }, [stored]);
  const vote = useAction();

  const current = task.state === "ready" ? task.value : undefined;
  const pair = current?.task;

  const submit = async (outcome: Outcome) => {
    if (!pair || !current || stored || vote.busy) return;
    const [a, b] = pair.candidates;
    if (!a || !b) return;
    const answer = await vote.run(() =>
      api<StoredJudgment>(`/api/projects/${encodeURIComponent(project)}/judgments`, {
        method: "POST",
        body: {
          kind: "pairwise",
          prompt: pair.prompt.id,
          a: a.id,
          b: b.id,
          outcome,
          ...(rationale.trim() ? { rationale: rationale.trim() } : {}),
          idempotency_key: current.key,
        },
      }),
    );
    if (answer) setStored(answer);
  };

  const next = () => {
    setStored(null);
    setRationale("");
    vote.clearError();
    setRound((r) => r + 1);
  };

  useShortcuts(
    stored
      ? { n: next, enter: next }
      : {
          "1": () => submit("a"),
          a: () => submit("a"),
          "2": () => submit("b"),
          b: () => submit("b"),
          "3": () => submit("tie"),
          t: () => submit("tie"),
          "4": () => submit("both_bad"),
          x: () => submit("both_bad"),
        },
    task.state === "ready" && pair !== undefined,
  );

  if (task.state === "loading") return <Loading what="the next pair" />;
  if (task.state === "error") return <ErrorNote error={task.error} retry={reload} />;
  if (!pair) {
    return (
      <section className="panel">
        <h1>Arena</h1>
        <p className="done" role="status">
          You have voted on every pair there is. Thank you!
        </p>
        {me.role !== "annotator" ? (
          <a href={projectPath(project, "leaderboard")}>See the leaderboard</a>
        ) : null}
      </section>
    );
  }
  const outcome = stored?.judgment.kind === "pairwise" ? stored.judgment.outcome : undefined;
  return (
    <section className="arena" aria-labelledby="arena-title">
      <h1 id="arena-title" className="visually-hidden">
        Arena
      </h1>
      {instructions ? <Instructions text={instructions} /> : null}
      <div className="prompt panel">
        <h2>Prompt</h2>
        <Conversation messages={pair.prompt.messages} />
      </div>
      <div className="sides">
        {pair.candidates.map((candidate, i) => {
          const side = i === 0 ? "a" : "b";
          const name = stored?.reveal?.[side];
          const won = outcome === side;
          return (
            <article
              key={candidate.id}
              className={`response panel${won ? " winner" : ""}`}
              aria-labelledby={`side-${side}`}
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
              <Conversation messages={candidate.messages} hideSingleRole />
            </article>
          );
        })}
      </div>
      <div className="vote panel">
        {stored ? (
          <div className="after-vote">
            <p role="status">Vote stored. The systems are revealed above.</p>
            <button type="button" className="primary" onClick={next} ref={nextButton}>
              Next pair <kbd>N</kbd>
            </button>
          </div>
        ) : (
          <>
            <fieldset className="choices" disabled={vote.busy}>
              <legend>Which response is better?</legend>
              {CHOICES.map((c) => (
                <button
                  key={c.outcome}
                  type="button"
                  className={c.outcome === "a" || c.outcome === "b" ? "primary" : ""}
                  onClick={() => submit(c.outcome)}
                  aria-keyshortcuts={c.keys.replace(" or ", " ")}
                >
                  {c.label} <kbd>{c.keys}</kbd>
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
    </section>
  );
}
