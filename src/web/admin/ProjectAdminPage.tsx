/**
 * One project's admin page: upload a data file (checked and previewed before anything is
 * stored), progress per annotator, and export in every dataset format.
 */
import { useState } from "react";
import type { Project } from "../../api";
import { api } from "../shared/api";
import { useLoad } from "../shared/hooks";
import { projectPath } from "../shared/router";
import { Await } from "../shared/Status";
import { Export } from "./Export";
import { ProgressPanel } from "./ProgressPanel";
import { Upload } from "./Upload";

export function ProjectAdminPage({ project }: { project: string }) {
  const [loaded, reload] = useLoad(`admin/${project}`, (signal) =>
    api<{ project: Project }>(`/api/projects/${encodeURIComponent(project)}`, { signal }),
  );
  const [imports, setImports] = useState(0);
  return (
    <Await value={loaded} what="the project" retry={reload}>
      {(answer) =>
        answer ? (
          <>
            <ProjectHeader project={answer.project} />
            <Upload project={project} onImported={() => setImports((n) => n + 1)} />
            <ProgressPanel project={project} version={imports} />
            <Export project={project} />
          </>
        ) : null
      }
    </Await>
  );
}

function ProjectHeader({ project }: { project: Project }) {
  const queue = project.settings.mode === "queue";
  return (
    <div className="panel">
      <h1>{project.name}</h1>
      <p className="muted">
        {queue ? `Annotation queue · ${project.settings.task}` : "Arena"} · id{" "}
        <code>{project.id}</code> · <a href={projectPath(project.id, "leaderboard")}>Leaderboard</a>{" "}
        · <a href={projectPath(project.id, "quality")}>Judgment quality</a> ·{" "}
        <a href={projectPath(project.id, queue ? "queue" : "arena")}>Open as annotator</a>
      </p>
    </div>
  );
}
