/**
 * The annotation queue: one task after another in the project's task kind, with a rationale,
 * progress ("12 of 200"), undo of the last judgment and skip. Nothing here reveals systems: a
 * queue's vote answers carry none, which is also why its judgments may be undone.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../shared/api";
import { Conversation } from "../shared/Conversation";
import { newIdempotencyKey, useAction, useLoad } from "../shared/hooks";
import { useShortcuts } from "../shared/keys";
import { renderMarkdown } from "../shared/markdown";
import { projectPath } from "../shared/router";
import { Await, ErrorNote, Loading } from "../shared/Status";
import type { Project, StoredJudgment, Task } from "../shared/types";
import {
  BinaryForm,
  type JudgmentFields,
  PairForm,
  RankingForm,
  RatingForm,
} from "./JudgmentForms";

interface Current {
  task: Task;
  /** One key per showing of a task: a retried submission is stored once. */
  key: string;
}

interface Done {
  task: Task;
  judgmentId: string;
}

const TASK_NAMES = { pair: "pairs", ranking: "rankings", rating: "ratings", binary: "thumbs" };

/** The server takes at most this many skipped prompts; older skips are offered again. */
const MAX_SKIPPED = 100;

export function QueuePage({ project }: { project: string }) {
  const [loaded, reload] = useLoad(`project/${project}`, (signal) =>
    api<{ project: Project }>(`/api/projects/${encodeURIComponent(project)}`, { signal }),
  );
  return (
    <Await value={loaded} what="the project" retry={reload}>
      {(answer) =>
        !answer ? null : answer.project.settings.mode === "arena" ? (
          <p className="panel">
            This project is an arena: <a href={projectPath(project, "arena")}>vote in the arena</a>.
          </p>
        ) : (
          <Queue project={answer.project} />
        )
      }
    </Await>
  );
}

function Queue({ project }: { project: Project }) {
  const { settings } = project;
  const kind = settings.task;
  const base = `/api/projects/${encodeURIComponent(project.id)}`;
  const [current, setCurrent] = useState<Current | null | undefined>(undefined);
  const [history, setHistory] = useState<Done[]>([]);
  const [skipped, setSkipped] = useState<string[]>([]);
  const [rationale, setRationale] = useState("");
  const loading = useAction();
  const action = useAction();
  const [progress, reloadProgress] = useLoad(`${project.id}/progress/${kind}`, (signal) =>
    api<{ done: number; total: number }>(`${base}/tasks/progress?kind=${kind}`, { signal }),
  );

  // Only the newest request's answer counts: an undo or skip may overtake a load in flight.
  const generation = useRef(0);
  const loadNext = useCallback(
    async (skip: readonly string[]) => {
      const mine = ++generation.current;
      const query = new URLSearchParams({ kind });
      if (kind === "ranking") query.set("size", String(settings.ranking_size));
      for (const prompt of skip.slice(-MAX_SKIPPED)) query.append("skip", prompt);
      // Wrapped, so that "no task left" (204) is told apart from a failed request.
      const result = await loading.run(async () => ({
        answer: await api<{ task: Task }>(`${base}/tasks/next?${query}`),
      }));
      if (!result || mine !== generation.current) return;
      setCurrent(result.answer ? { task: result.answer.task, key: newIdempotencyKey() } : null);
      setRationale("");
    },
    [base, kind, settings.ranking_size, loading.run],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per project
  useEffect(() => {
    void loadNext([]);
  }, [project.id]);

  // While a judgment is stored or the next task loads, the shown task takes no more input.
  const busy = action.busy || loading.busy;

  const submit = async (fields: JudgmentFields) => {
    if (!current || busy) return;
    const stored = await action.run(() =>
      api<StoredJudgment>(`${base}/judgments`, {
        method: "POST",
        body: {
          ...fields,
          prompt: current.task.prompt.id,
          ...(rationale.trim() ? { rationale: rationale.trim() } : {}),
          idempotency_key: current.key,
        },
      }),
    );
    if (!stored) return;
    setHistory((h) =>
      h.some((d) => d.judgmentId === stored.judgment.id)
        ? h
        : [...h, { task: current.task, judgmentId: stored.judgment.id }],
    );
    reloadProgress();
    await loadNext(skipped);
  };

  const undo = async () => {
    const last = history.at(-1);
    if (!last || busy) return;
    const ok = await action.run(async () => {
      await api(`${base}/judgments/${encodeURIComponent(last.judgmentId)}`, { method: "DELETE" });
      return true;
    });
    if (!ok) return;
    setHistory((h) => h.slice(0, -1));
    generation.current++; // a load still in flight must not replace the task brought back
    setCurrent({ task: last.task, key: newIdempotencyKey() });
    setRationale("");
    reloadProgress();
  };

  const skip = async () => {
    if (!current || busy) return;
    const next = [...skipped, current.task.prompt.id].slice(-MAX_SKIPPED);
    setSkipped(next);
    await loadNext(next);
  };

  useShortcuts({ z: () => void undo(), s: () => void skip() });

  const progressText =
    progress.state === "ready" && progress.value
      ? `${progress.value.done} of ${progress.value.total}`
      : "";
  return (
    <section aria-labelledby="queue-title">
      <div className="panel queue-head">
        <h1 id="queue-title">{project.name}</h1>
        <span className="muted">{TASK_NAMES[kind]}</span>
        <span className="progress" data-testid="progress" aria-live="polite">
          {progressText}
          {progress.state === "ready" && progress.value ? (
            <progress
              max={Math.max(1, progress.value.total)}
              value={progress.value.done}
              aria-label={`${progressText} done`}
            />
          ) : null}
        </span>
        <button
          type="button"
          onClick={() => void undo()}
          disabled={history.length === 0 || busy}
          aria-keyshortcuts="z"
        >
          Undo last <kbd>Z</kbd>
        </button>
        <button
          type="button"
          onClick={() => void skip()}
          disabled={!current || busy}
          aria-keyshortcuts="s"
        >
          Skip <kbd>S</kbd>
        </button>
      </div>
      {settings.instructions ? (
        <details className="panel" open>
          <summary>Instructions</summary>
          <div
            className="markdown"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderMarkdown
            dangerouslySetInnerHTML={{ __html: renderMarkdown(settings.instructions) }}
          />
        </details>
      ) : null}
      {action.error ? <ErrorNote error={action.error} /> : null}
      {progress.state === "error" ? (
        <ErrorNote error={progress.error} retry={reloadProgress} />
      ) : null}
      {loading.error ? (
        <ErrorNote error={loading.error} retry={() => void loadNext(skipped)} />
      ) : current === undefined || (loading.busy && !current) ? (
        <Loading what="the next task" />
      ) : current === null ? (
        <div className="panel">
          <p className="done" role="status">
            {skipped.length > 0
              ? `Nothing left but the ${skipped.length} you skipped.`
              : "All done — nothing left in this queue. Thank you!"}
          </p>
          {skipped.length > 0 ? (
            <button
              type="button"
              onClick={() => {
                setSkipped([]);
                void loadNext([]);
              }}
            >
              Go back to the skipped ones
            </button>
          ) : null}
        </div>
      ) : (
        <div
          key={current.key}
          className="task"
          data-testid="task"
          data-prompt={current.task.prompt.id}
          data-showing={current.key}
        >
          <div className="prompt panel">
            <h2>Prompt</h2>
            <Conversation messages={current.task.prompt.messages} />
          </div>
          <div className="panel queue-form">
            {kind === "pair" ? (
              <PairForm
                candidates={current.task.candidates}
                busy={busy}
                onSubmit={submit}
                strength={settings.strength}
              />
            ) : kind === "ranking" ? (
              <RankingForm candidates={current.task.candidates} busy={busy} onSubmit={submit} />
            ) : kind === "rating" ? (
              <RatingForm
                candidates={current.task.candidates}
                busy={busy}
                onSubmit={submit}
                criteria={settings.criteria}
              />
            ) : (
              <BinaryForm candidates={current.task.candidates} busy={busy} onSubmit={submit} />
            )}
            <label htmlFor="queue-rationale">Rationale (optional)</label>
            <textarea
              id="queue-rationale"
              rows={2}
              maxLength={10000}
              value={rationale}
              onChange={(e) => setRationale(e.target.value)}
            />
            {action.busy ? <p role="status">Saving…</p> : null}
            {loading.busy ? <p role="status">Loading the next task…</p> : null}
          </div>
        </div>
      )}
    </section>
  );
}
