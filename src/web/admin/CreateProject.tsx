/** The new-project form. */
import { projectPath } from "../shared/router";
import { FormErrors, SelectField, TextField } from "./form";
import { QueueFields } from "./QueueFields";
import { useCreateProject } from "./use-create-project";

export function CreateProject({ onCreated }: { onCreated: () => void }) {
  const { form, set, submit, created, local, action } = useCreateProject(onCreated);
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">New project</h2>
      <div className="row">
        <TextField
          id="p-name"
          label="Name"
          required
          value={form.name}
          onChange={(name) => set({ name })}
        />
        <TextField
          id="p-id"
          label="Id (optional)"
          value={form.id}
          onChange={(id) => set({ id })}
          placeholder="made from nothing if empty"
        />
        <SelectField id="p-mode" label="Mode" value={form.mode} onChange={(mode) => set({ mode })}>
          <option value="arena">Arena: blind pairs, names revealed after the vote</option>
          <option value="queue">Annotation queue</option>
        </SelectField>
      </div>
      {form.mode === "queue" ? <QueueFields form={form} set={set} /> : null}
      <label htmlFor="p-instructions">Instructions for annotators (Markdown, optional)</label>
      <textarea
        id="p-instructions"
        rows={2}
        value={form.instructions}
        onChange={(e) => set({ instructions: e.target.value })}
      />
      <button type="submit" className="primary" disabled={action.busy}>
        Create project
      </button>
      <FormErrors local={local} error={action.error} />
      {created ? (
        <p role="status">
          Created <a href={projectPath(created.id, "admin")}>{created.name}</a>: upload its data
          next.
        </p>
      ) : null}
    </form>
  );
}
