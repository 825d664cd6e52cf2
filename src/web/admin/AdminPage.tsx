/** Admin: create projects, invite people (links with tokens), replace or revoke their tokens. */
import { type FormEvent, useState } from "react";
import { api } from "../shared/api";
import { useAction, useLoad } from "../shared/hooks";
import { projectPath } from "../shared/router";
import { Await, ErrorNote } from "../shared/Status";
import type { Annotator, Project, ProjectSettings } from "../shared/types";

interface Invite {
  annotator: Annotator;
  token: string;
  invite: string;
}

/** `id min max [label…]` per line, e.g. `helpfulness 1 5 Helpful?`. */
export function parseCriteria(text: string): ProjectSettings["criteria"] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const [id, min, max, ...label] = line.split(/\s+/);
      if (
        !id ||
        min === undefined ||
        max === undefined ||
        Number.isNaN(+min) ||
        Number.isNaN(+max)
      ) {
        throw new Error(`criteria line ${i + 1}: write "id min max label", e.g. "helpfulness 1 5"`);
      }
      return { id, min: +min, max: +max, ...(label.length ? { label: label.join(" ") } : {}) };
    });
}

/** `name=value, name=value` as attributes. */
export function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf("=");
    if (at <= 0) throw new Error(`attributes: write name=value, not "${part}"`);
    attributes[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return attributes;
}

function inviteUrl(invite: string): string {
  return `${window.location.origin}${invite}`;
}

function InviteLink({ invite }: { invite: Invite }) {
  const url = inviteUrl(invite.invite);
  const [copied, setCopied] = useState(false);
  return (
    <div className="panel" role="status" data-testid="invite">
      <p>
        Send this link to <strong>{invite.annotator.name}</strong>. It is shown once: only a hash of
        its token is kept.
      </p>
      <p className="invite-link" data-testid="invite-link">
        {url}
      </p>
      <button
        type="button"
        onClick={() => navigator.clipboard?.writeText(url).then(() => setCopied(true))}
      >
        {copied ? "Copied" : "Copy link"}
      </button>
    </div>
  );
}

function CreateProject({ onCreated }: { onCreated: () => void }) {
  const [form, setForm] = useState({
    id: "",
    name: "",
    mode: "arena",
    task: "pair",
    strength: false,
    rankingSize: 4,
    criteria: "overall 1 5",
    instructions: "",
  });
  const [created, setCreated] = useState<Project | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    let criteria: ProjectSettings["criteria"];
    try {
      criteria = parseCriteria(form.criteria);
    } catch (error) {
      setLocalError((error as Error).message);
      return;
    }
    const queue = form.mode === "queue";
    const answer = await action.run(() =>
      api<{ project: Project }>("/api/projects", {
        method: "POST",
        body: {
          ...(form.id.trim() ? { id: form.id.trim() } : {}),
          name: form.name.trim(),
          settings: {
            mode: form.mode,
            ...(queue ? { task: form.task, strength: form.strength } : {}),
            ...(queue && form.task === "ranking" ? { ranking_size: form.rankingSize } : {}),
            ...(queue && form.task === "rating" ? { criteria } : {}),
            ...(form.instructions.trim() ? { instructions: form.instructions.trim() } : {}),
          },
        },
      }),
    );
    if (answer) {
      setCreated(answer.project);
      onCreated();
    }
  };
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">New project</h2>
      <div className="row">
        <div>
          <label htmlFor="p-name">Name</label>
          <input
            id="p-name"
            required
            value={form.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="p-id">Id (optional)</label>
          <input
            id="p-id"
            value={form.id}
            onChange={(e) => set({ id: e.target.value })}
            placeholder="made from nothing if empty"
          />
        </div>
        <div>
          <label htmlFor="p-mode">Mode</label>
          <select id="p-mode" value={form.mode} onChange={(e) => set({ mode: e.target.value })}>
            <option value="arena">Arena: blind pairs, names revealed after the vote</option>
            <option value="queue">Annotation queue</option>
          </select>
        </div>
      </div>
      {form.mode === "queue" ? (
        <div className="row">
          <div>
            <label htmlFor="p-task">Task</label>
            <select id="p-task" value={form.task} onChange={(e) => set({ task: e.target.value })}>
              <option value="pair">Pairwise</option>
              <option value="ranking">Ranking</option>
              <option value="rating">Ratings per criterion</option>
              <option value="binary">Thumbs up / down</option>
            </select>
          </div>
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
      ) : null}
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
      {localError ? (
        <p className="error" role="alert">
          {localError}
        </p>
      ) : null}
      {action.error ? <ErrorNote error={action.error} /> : null}
      {created ? (
        <p role="status">
          Created <a href={projectPath(created.id, "admin")}>{created.name}</a>: upload its data
          next.
        </p>
      ) : null}
    </form>
  );
}

function People({ projects }: { projects: readonly Project[] }) {
  const [people, reload] = useLoad("annotators", (signal) =>
    api<{ annotators: Annotator[] }>("/api/annotators", { signal }),
  );
  const [form, setForm] = useState({
    name: "",
    role: "annotator",
    projects: [] as string[],
    attributes: "",
  });
  const [invite, setInvite] = useState<Invite | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    let attributes: Record<string, string>;
    try {
      attributes = parseAttributes(form.attributes);
    } catch (error) {
      setLocalError((error as Error).message);
      return;
    }
    const answer = await action.run(() =>
      api<Invite>("/api/annotators", {
        method: "POST",
        body: { name: form.name.trim(), role: form.role, projects: form.projects, attributes },
      }),
    );
    if (answer) {
      setInvite(answer);
      setForm({ ...form, name: "", attributes: "" });
      reload();
    }
  };
  const newToken = async (annotator: Annotator) => {
    const answer = await action.run(() =>
      api<Invite>(`/api/annotators/${encodeURIComponent(annotator.id)}/token`, { method: "POST" }),
    );
    if (answer) setInvite(answer);
  };
  const revoke = async (annotator: Annotator) => {
    if (!window.confirm(`Revoke ${annotator.name}'s token? Their link stops working at once.`))
      return;
    const done = await action.run(async () => {
      await api(`/api/annotators/${encodeURIComponent(annotator.id)}/token`, { method: "DELETE" });
      return true;
    });
    if (done) setInvite(null);
  };
  const toggleProject = (id: string, on: boolean) =>
    setForm({
      ...form,
      projects: on ? [...form.projects, id] : form.projects.filter((p) => p !== id),
    });
  return (
    <section className="panel" aria-labelledby="people-title">
      <h2 id="people-title">People</h2>
      <form onSubmit={submit}>
        <div className="row">
          <div>
            <label htmlFor="a-name">Name</label>
            <input
              id="a-name"
              required
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          </div>
          <div>
            <label htmlFor="a-role">Role</label>
            <select
              id="a-role"
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.target.value })}
            >
              <option value="annotator">Annotator: votes and annotates</option>
              <option value="viewer">Viewer: sees leaderboards</option>
              <option value="admin">Admin</option>
            </select>
          </div>
          <div>
            <label htmlFor="a-attributes">Group attributes (optional)</label>
            <input
              id="a-attributes"
              placeholder="language=de, expertise=medical"
              value={form.attributes}
              onChange={(e) => setForm({ ...form, attributes: e.target.value })}
            />
          </div>
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
        <button type="submit" className="primary" disabled={action.busy}>
          Create invite link
        </button>
      </form>
      {localError ? (
        <p className="error" role="alert">
          {localError}
        </p>
      ) : null}
      {action.error ? <ErrorNote error={action.error} /> : null}
      {invite ? <InviteLink invite={invite} /> : null}
      <Await value={people} what="people" retry={reload}>
        {(answer) => (
          <div className="table-wrap">
            <table className="board">
              <caption className="visually-hidden">People</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Projects</th>
                  <th scope="col">Attributes</th>
                  <th scope="col">Token</th>
                </tr>
              </thead>
              <tbody>
                {(answer?.annotators ?? []).map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{a.name}</th>
                    <td>{a.role}</td>
                    <td>{a.role === "admin" ? "all" : a.projects.join(", ")}</td>
                    <td>
                      {Object.entries(a.attributes)
                        .map(([k, v]) => `${k}=${v}`)
                        .join(", ")}
                    </td>
                    <td>
                      <button type="button" onClick={() => void newToken(a)} disabled={action.busy}>
                        New link
                      </button>{" "}
                      <button type="button" onClick={() => void revoke(a)} disabled={action.busy}>
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Await>
    </section>
  );
}

export function AdminPage() {
  const [projects, reload] = useLoad("admin/projects", (signal) =>
    api<{ projects: Project[] }>("/api/projects", { signal }),
  );
  return (
    <>
      <h1>Admin</h1>
      <CreateProject onCreated={reload} />
      <Await value={projects} what="projects" retry={reload}>
        {(answer) => <People projects={answer?.projects ?? []} />}
      </Await>
    </>
  );
}
