/** The annotation queue's state, and what annotators do in it. */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Project, StoredJudgment, Task, TaskProgress } from "../../api";
import { api } from "../shared/api";
import { newIdempotencyKey, useAction, useLoad } from "../shared/hooks";
import type { JudgmentFields } from "./JudgmentForms";

export interface Current {
  task: Task;
  /** One key per showing of a task: a retried submission is stored once. */
  key: string;
}

interface Done {
  task: Task;
  judgmentId: string;
}

/** The server takes at most this many skipped prompts (the API's MAX_SKIPPED); older skips are offered again. */
const MAX_SKIPPED = 100;

/**
 * The task shown and the next one's loading. Only the newest request's answer counts: an undo
 * or skip may overtake a load in flight (`supersede` drops the one in flight).
 */
function useNextTask(project: Project) {
  const { settings } = project;
  const kind = settings.task;
  const base = `/api/projects/${encodeURIComponent(project.id)}`;
  const [current, setCurrent] = useState<Current | null | undefined>(undefined);
  const [rationale, setRationale] = useState("");
  const loading = useAction();
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
  /** Shows `task` again (an undone one), whatever load is in flight. */
  const showAgain = (task: Task) => {
    generation.current++;
    setCurrent({ task, key: newIdempotencyKey() });
    setRationale("");
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per project
  useEffect(() => {
    void loadNext([]);
  }, [project.id]);

  return { current, rationale, setRationale, loading, loadNext, showAgain };
}

/**
 * The annotation queue's state: the task shown, the judgments that may be undone, the prompts
 * skipped, the rationale being written, and the caller's progress.
 */
export function useQueue(project: Project) {
  const kind = project.settings.task;
  const base = `/api/projects/${encodeURIComponent(project.id)}`;
  const { current, rationale, setRationale, loading, loadNext, showAgain } = useNextTask(project);
  const [history, setHistory] = useState<Done[]>([]);
  const [skipped, setSkipped] = useState<string[]>([]);
  const action = useAction();
  const [progress, reloadProgress] = useLoad(`${project.id}/progress/${kind}`, (signal) =>
    api<TaskProgress>(`${base}/tasks/progress?kind=${kind}`, { signal }),
  );

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
    showAgain(last.task);
    reloadProgress();
  };

  const skip = async () => {
    if (!current || busy) return;
    const next = [...skipped, current.task.prompt.id].slice(-MAX_SKIPPED);
    setSkipped(next);
    await loadNext(next);
  };

  const revisitSkipped = () => {
    setSkipped([]);
    void loadNext([]);
  };

  const retry = () => void loadNext(skipped);
  const canUndo = history.length > 0;
  return {
    current,
    rationale,
    setRationale,
    skipped,
    canUndo,
    progress,
    reloadProgress,
    loading,
    action,
    busy,
    submit,
    undo,
    skip,
    revisitSkipped,
    retry,
  };
}
