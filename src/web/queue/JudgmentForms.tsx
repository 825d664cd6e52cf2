/**
 * The four ways a queue asks for a judgment. Each form builds the judgment's own fields (the
 * queue adds prompt, rationale and idempotency key) and has its keyboard shortcuts.
 */
import { useState } from "react";
import type { Criterion, TaskCandidate } from "../../api";
import { Conversation } from "../shared/Conversation";
import { useShortcuts } from "../shared/keys";
import { RankingList } from "./RankingList";

/** The one response a rating or a thumb is about. */
function ResponseCard({ candidate }: { candidate: TaskCandidate }) {
  return (
    <article className="response panel">
      <h2>Response</h2>
      <Conversation messages={candidate.messages} hideSingleRole />
    </article>
  );
}

export type JudgmentFields = Record<string, unknown> & { kind: string };

interface FormProps {
  candidates: readonly TaskCandidate[];
  busy: boolean;
  onSubmit: (fields: JudgmentFields) => void;
}

interface PairChoice {
  label: string;
  key: string;
  outcome: "a" | "b" | "tie" | "both_bad";
  strength?: number;
}

const GRADED: PairChoice[] = [
  { label: "A ≫ B", key: "1", outcome: "a", strength: 1 },
  { label: "A > B", key: "2", outcome: "a", strength: 0.5 },
  { label: "Tie", key: "3", outcome: "tie" },
  { label: "B > A", key: "4", outcome: "b", strength: 0.5 },
  { label: "B ≫ A", key: "5", outcome: "b", strength: 1 },
];

const PLAIN: PairChoice[] = [
  { label: "A is better", key: "1", outcome: "a" },
  { label: "B is better", key: "2", outcome: "b" },
  { label: "Tie", key: "3", outcome: "tie" },
  { label: "Both are bad", key: "4", outcome: "both_bad" },
];

export function PairForm({
  candidates,
  busy,
  onSubmit,
  strength,
}: FormProps & { strength: boolean }) {
  const [a, b] = candidates;
  const choices = strength ? GRADED : PLAIN;
  const choose = (c: PairChoice) => {
    if (!a || !b || busy) return;
    onSubmit({
      kind: "pairwise",
      a: a.id,
      b: b.id,
      outcome: c.outcome,
      ...(c.strength === undefined ? {} : { strength: c.strength }),
    });
  };
  useShortcuts(Object.fromEntries(choices.map((c) => [c.key, () => choose(c)])));
  return (
    <>
      <div className="sides">
        {[a, b].map((c, i) =>
          c ? (
            <article key={c.id} className="response panel" aria-labelledby={`q-side-${i}`}>
              <h2 id={`q-side-${i}`}>Response {i === 0 ? "A" : "B"}</h2>
              <Conversation messages={c.messages} hideSingleRole />
            </article>
          ) : null,
        )}
      </div>
      <fieldset className="choices vote-choices" disabled={busy}>
        <legend>Which response is better{strength ? ", and by how much" : ""}?</legend>
        {choices.map((c) => (
          <button key={c.key} type="button" onClick={() => choose(c)} aria-keyshortcuts={c.key}>
            {c.label} <kbd>{c.key}</kbd>
          </button>
        ))}
      </fieldset>
    </>
  );
}

export function RankingForm({ candidates, busy, onSubmit }: FormProps) {
  const [order, setOrder] = useState(() => candidates.map((c) => c.id));
  const submit = () => {
    if (!busy) onSubmit({ kind: "ranking", order: order.map((id) => [id]) });
  };
  useShortcuts({ "ctrl+enter": submit });
  return (
    <>
      <RankingList candidates={candidates} order={order} onOrder={setOrder} />
      <button type="button" className="primary submit" onClick={submit} disabled={busy}>
        Submit ranking <kbd>Ctrl+Enter</kbd>
      </button>
    </>
  );
}

export function RatingForm({
  candidates,
  busy,
  onSubmit,
  criteria,
}: FormProps & { criteria: readonly Criterion[] }) {
  const [candidate] = candidates;
  const [scores, setScores] = useState<Record<string, number>>({});
  const [active, setActive] = useState(0);
  const complete = criteria.every((c) => scores[c.id] !== undefined);
  const set = (criterion: Criterion, score: number, index: number) => {
    setScores((s) => ({ ...s, [criterion.id]: score }));
    setActive(Math.min(index + 1, criteria.length - 1));
  };
  const submit = () => {
    if (!candidate || busy || !complete) return;
    onSubmit({
      kind: "rating",
      scores: criteria.map((c) => ({
        candidate: candidate.id,
        criterion: c.id,
        score: scores[c.id],
      })),
    });
  };
  // Digits score the active criterion (the next unscored one) when its scale fits in 1–9.
  const digits: Record<string, () => void> = {};
  const current = criteria[active];
  if (current && current.min >= 0 && current.max <= 9) {
    for (let v = Math.max(current.min, 1); v <= current.max; v++) {
      digits[String(v)] = () => set(current, v, active);
    }
    if (current.min === 0) digits["0"] = () => set(current, 0, active);
  }
  useShortcuts({ ...digits, "ctrl+enter": submit });
  if (!candidate) return null;
  return (
    <>
      <ResponseCard candidate={candidate} />
      {criteria.map((c, index) => {
        const small = Number.isInteger(c.min) && Number.isInteger(c.max) && c.max - c.min <= 10;
        return (
          <fieldset key={c.id} className={`criterion${index === active ? " active" : ""}`}>
            <legend>
              {c.label ?? c.id}{" "}
              <span className="muted">
                ({c.min}–{c.max})
              </span>
            </legend>
            {small ? (
              <div className="scale">
                {Array.from({ length: c.max - c.min + 1 }, (_, k) => c.min + k).map((v) => (
                  <label key={v}>
                    <input
                      type="radio"
                      name={`criterion-${c.id}`}
                      value={v}
                      checked={scores[c.id] === v}
                      onChange={() => set(c, v, index)}
                    />
                    <span>{v}</span>
                  </label>
                ))}
              </div>
            ) : (
              <input
                type="number"
                aria-label={c.label ?? c.id}
                min={c.min}
                max={c.max}
                value={scores[c.id] ?? ""}
                onChange={(e) => {
                  // An emptied field is no score (Number("") would be 0).
                  if (e.target.value === "") {
                    setScores(({ [c.id]: _, ...rest }) => rest);
                  } else set(c, Number(e.target.value), index);
                }}
              />
            )}
          </fieldset>
        );
      })}
      <button
        type="button"
        className="primary submit"
        onClick={submit}
        disabled={busy || !complete}
      >
        Submit scores <kbd>Ctrl+Enter</kbd>
      </button>
    </>
  );
}

export function BinaryForm({ candidates, busy, onSubmit }: FormProps) {
  const [candidate] = candidates;
  const thumb = (approved: boolean) => {
    if (candidate && !busy) onSubmit({ kind: "binary", candidate: candidate.id, approved });
  };
  useShortcuts({
    "1": () => thumb(true),
    "+": () => thumb(true),
    "2": () => thumb(false),
    "-": () => thumb(false),
  });
  if (!candidate) return null;
  return (
    <>
      <ResponseCard candidate={candidate} />
      <fieldset className="choices" disabled={busy}>
        <legend>Is this response good?</legend>
        <button type="button" onClick={() => thumb(true)} aria-keyshortcuts="1">
          👍 Good <kbd>1</kbd>
        </button>
        <button type="button" onClick={() => thumb(false)} aria-keyshortcuts="2">
          👎 Bad <kbd>2</kbd>
        </button>
      </fieldset>
    </>
  );
}
