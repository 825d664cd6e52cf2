/** Admin: create projects, invite people (links with tokens), replace or revoke their tokens. */
import type { Project } from "../../api";
import { api } from "../shared/api";
import { useLoad } from "../shared/hooks";
import { Await } from "../shared/Status";
import { CreateProject } from "./CreateProject";
import { People } from "./People";

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
