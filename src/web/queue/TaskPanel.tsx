/** The task shown: its prompt, the form its kind asks for, and the rationale. */
import type { ProjectSettings } from "../../api";
import { Conversation } from "../shared/Conversation";
import {
  BinaryForm,
  type JudgmentFields,
  PairForm,
  RankingForm,
  RatingForm,
} from "./JudgmentForms";
import type { Current } from "./use-queue";

export function TaskPanel(props: {
  current: Current;
  settings: ProjectSettings;
  rationale: string;
  onRationale: (text: string) => void;
  busy: boolean;
  saving: boolean;
  loading: boolean;
  onSubmit: (fields: JudgmentFields) => void;
}) {
  const { current } = props;
  return (
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
        <JudgmentForm {...props} />
        <label htmlFor="queue-rationale">Rationale (optional)</label>
        <textarea
          id="queue-rationale"
          rows={2}
          maxLength={10000}
          value={props.rationale}
          onChange={(e) => props.onRationale(e.target.value)}
        />
        {props.saving ? <p role="status">Saving…</p> : null}
        {props.loading ? <p role="status">Loading the next task…</p> : null}
      </div>
    </div>
  );
}

/** The form of the project's task kind. */
function JudgmentForm({
  current,
  settings,
  busy,
  onSubmit,
}: {
  current: Current;
  settings: ProjectSettings;
  busy: boolean;
  onSubmit: (fields: JudgmentFields) => void;
}) {
  const form = { candidates: current.task.candidates, busy, onSubmit };
  switch (settings.task) {
    case "pair":
      return <PairForm {...form} strength={settings.strength} />;
    case "ranking":
      return <RankingForm {...form} />;
    case "rating":
      return <RatingForm {...form} criteria={settings.criteria} />;
    default:
      return <BinaryForm {...form} />;
  }
}
