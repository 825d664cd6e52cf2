/** The projects the signed-in person may see, with the pages their role opens. */

import type { Project } from "../../api";
import { api } from "../shared/api";
import { useLoad } from "../shared/hooks";
import { projectPath } from "../shared/router";
import { Await } from "../shared/Status";
import { useMe } from "../shared/session";

export function HomePage() {
  const me = useMe();
  const [projects, reload] = useLoad("projects", (signal) =>
    api<{ projects: Project[] }>("/api/projects", { signal }),
  );
  return (
    <section className="panel">
      <h1>Projects</h1>
      <Await value={projects} what="projects" retry={reload}>
        {(answer) =>
          !answer || answer.projects.length === 0 ? (
            <p className="muted">
              No projects yet.{" "}
              {me.role === "admin" ? <a href="#/admin">Create one</a> : "Ask an admin to add you."}
            </p>
          ) : (
            <ul className="project-list">
              {answer.projects.map((p) => (
                <li key={p.id}>
                  <span className="project-name">{p.name}</span>
                  <span className="muted"> {p.id}</span>
                  <span className="project-links">
                    {me.role !== "viewer" ? (
                      <a
                        className="button primary"
                        href={projectPath(p.id, p.settings.mode === "queue" ? "queue" : "arena")}
                      >
                        {p.settings.mode === "queue" ? "Annotate" : "Vote in the arena"}
                      </a>
                    ) : null}
                    {me.role !== "annotator" ? (
                      <a className="button" href={projectPath(p.id, "leaderboard")}>
                        Leaderboard
                      </a>
                    ) : null}
                    {me.role === "admin" ? (
                      <a className="button" href={projectPath(p.id, "admin")}>
                        Manage
                      </a>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Await>
    </section>
  );
}
