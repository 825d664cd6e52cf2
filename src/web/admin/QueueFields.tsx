/** A queue's settings in the new-project form: the task, and what that task needs. */
import { SelectField } from "./form";
import type { ProjectForm } from "./use-create-project";

export function QueueFields({
  form,
  set,
}: {
  form: ProjectForm;
  set: (patch: Partial<ProjectForm>) => void;
}) {
  return (
    <div className="row">
      <SelectField id="p-task" label="Task" value={form.task} onChange={(task) => set({ task })}>
        <option value="pair">Pairwise</option>
        <option value="ranking">Ranking</option>
        <option value="rating">Ratings per criterion</option>
        <option value="binary">Thumbs up / down</option>
      </SelectField>
      {form.task === "pair" ? (
        <div>
          <label htmlFor="p-strength">
            <input
              id="p-strength"
              type="checkbox"
              checked={form.strength}
              onChange={(e) => set({ strength: e.target.checked })}
            />{" "}
            Ask for strength (A ≫ B, A &gt; B, …)
          </label>
        </div>
      ) : null}
      {form.task === "ranking" ? (
        <div>
          <label htmlFor="p-size">Responses per ranking</label>
          <input
            id="p-size"
            type="number"
            min={2}
            max={20}
            value={form.rankingSize}
            onChange={(e) => set({ rankingSize: Number(e.target.value) })}
          />
        </div>
      ) : null}
      {form.task === "rating" ? (
        <div>
          <label htmlFor="p-criteria">Criteria (one per line: id min max label)</label>
          <textarea
            id="p-criteria"
            rows={3}
            value={form.criteria}
            onChange={(e) => set({ criteria: e.target.value })}
          />
        </div>
      ) : null}
    </div>
  );
}
