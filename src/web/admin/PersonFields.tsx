/** The invite form's fields: name, role, group attributes and projects. */
import type { Project } from "../../api";
import { SelectField, TextField } from "./form";
import type { PersonForm } from "./use-people";

export function PersonFields({
  form,
  setForm,
  projects,
}: {
  form: PersonForm;
  setForm: (form: PersonForm) => void;
  projects: readonly Project[];
}) {
  const toggleProject = (id: string, on: boolean) =>
    setForm({
      ...form,
      projects: on ? [...form.projects, id] : form.projects.filter((p) => p !== id),
    });
  return (
    <>
      <div className="row">
        <TextField
          id="a-name"
          label="Name"
          required
          value={form.name}
          onChange={(name) => setForm({ ...form, name })}
        />
        <SelectField
          id="a-role"
          label="Role"
          value={form.role}
          onChange={(role) => setForm({ ...form, role })}
        >
          <option value="annotator">Annotator: votes and annotates</option>
          <option value="viewer">Viewer: sees leaderboards</option>
          <option value="admin">Admin</option>
        </SelectField>
        <TextField
          id="a-attributes"
          label="Group attributes (optional)"
          placeholder="language=de, expertise=medical"
          value={form.attributes}
          onChange={(attributes) => setForm({ ...form, attributes })}
        />
      </div>
      <fieldset>
        <legend>Projects</legend>
        <div className="row">
          {projects.map((p) => (
            <label key={p.id}>
              <input
                type="checkbox"
                checked={form.projects.includes(p.id)}
                onChange={(e) => toggleProject(p.id, e.target.checked)}
              />{" "}
              {p.name}
            </label>
          ))}
        </div>
      </fieldset>
    </>
  );
}
