/**
 * The annotation queue: one task after another in the project's task kind, with a rationale,
 * progress ("12 of 200"), undo of the last judgment and skip. Nothing here reveals systems: a
 * queue's vote answers carry none, which is also why its judgments may be undone.
 */
import type { Project } from "../../api";
import { api } from "../shared/api";
import { useLoad } from "../shared/hooks";
import { Instructions } from "../shared/Instructions";
import { useShortcuts } from "../shared/keys";
import { projectPath } from "../shared/router";
import { Await, ErrorNote, Loading } from "../shared/Status";
import { QueueHead } from "./QueueHead";
import { TaskPanel } from "./TaskPanel";
import { useQueue } from "./use-queue";

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
  const queue = useQueue(project);
  const { current, loading, action, progress } = queue;
  useShortcuts({ z: () => void queue.undo(), s: () => void queue.skip() });
  return (
    <section aria-labelledby="queue-title">
      <QueueHead
        name={project.name}
        kind={settings.task}
        progress={progress}
        canUndo={queue.canUndo}
        canSkip={Boolean(current)}
        busy={queue.busy}
        onUndo={() => void queue.undo()}
        onSkip={() => void queue.skip()}
      />
      {settings.instructions ? <Instructions text={settings.instructions} open /> : null}
      {action.error ? <ErrorNote error={action.error} /> : null}
      {progress.state === "error" ? (
        <ErrorNote error={progress.error} retry={queue.reloadProgress} />
      ) : null}
      {loading.error ? (
        <ErrorNote error={loading.error} retry={queue.retry} />
      ) : current === undefined || (loading.busy && !current) ? (
        <Loading what="the next task" />
      ) : current === null ? (
        <QueueDone skipped={queue.skipped.length} onRevisit={queue.revisitSkipped} />
      ) : (
        <TaskPanel
          current={current}
          settings={settings}
          rationale={queue.rationale}
          onRationale={queue.setRationale}
          busy={queue.busy}
          saving={action.busy}
          loading={loading.busy}
          onSubmit={(fields) => void queue.submit(fields)}
        />
      )}
    </section>
  );
}

function QueueDone({ skipped, onRevisit }: { skipped: number; onRevisit: () => void }) {
  return (
    <div className="panel">
      <p className="done" role="status">
        {skipped > 0
          ? `Nothing left but the ${skipped} you skipped.`
          : "All done — nothing left in this queue. Thank you!"}
      </p>
      {skipped > 0 ? (
        <button type="button" onClick={onRevisit}>
          Go back to the skipped ones
        </button>
      ) : null}
    </div>
  );
}
