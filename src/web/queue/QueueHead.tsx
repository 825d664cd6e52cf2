/** The queue's header: the project, the task kind, progress, and the undo and skip buttons. */
import type { TaskKind, TaskProgress } from "../../api";
import type { Loadable } from "../shared/hooks";

const TASK_NAMES: Record<TaskKind, string> = {
  pair: "pairs",
  ranking: "rankings",
  rating: "ratings",
  binary: "thumbs",
};

export function QueueHead(props: {
  name: string;
  kind: TaskKind;
  progress: Loadable<TaskProgress | undefined>;
  canUndo: boolean;
  canSkip: boolean;
  busy: boolean;
  onUndo: () => void;
  onSkip: () => void;
}) {
  const { progress } = props;
  const ready = progress.state === "ready" ? progress.value : undefined;
  const progressText = ready ? `${ready.done} of ${ready.total}` : "";
  return (
    <div className="panel queue-head">
      <h1 id="queue-title">{props.name}</h1>
      <span className="muted">{TASK_NAMES[props.kind]}</span>
      <span className="progress" data-testid="progress" aria-live="polite">
        {progressText}
        {ready ? (
          <progress
            max={Math.max(1, ready.total)}
            value={ready.done}
            aria-label={`${progressText} done`}
          />
        ) : null}
      </span>
      <ShortcutButton
        label="Undo last"
        shortcut="z"
        onClick={props.onUndo}
        disabled={!props.canUndo || props.busy}
      />
      <ShortcutButton
        label="Skip"
        shortcut="s"
        onClick={props.onSkip}
        disabled={!props.canSkip || props.busy}
      />
    </div>
  );
}

/** A button with its keyboard shortcut shown and announced. */
function ShortcutButton(props: {
  label: string;
  shortcut: string;
  onClick: () => void;
  disabled: boolean;
}) {
  return (
    <button
      type="button"
      onClick={props.onClick}
      disabled={props.disabled}
      aria-keyshortcuts={props.shortcut}
    >
      {props.label} <kbd>{props.shortcut.toUpperCase()}</kbd>
    </button>
  );
}
