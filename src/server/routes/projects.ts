/**
 * Projects: create, list (each caller sees the projects they may work on), get, change,
 * progress.
 */

import * as api from "../../api/index.js";
import type { Store } from "../../store/store.js";
import { ApiError, invalid } from "../errors.js";
import { checkLiveSystems } from "../live-systems.js";
import { mergeSettings, readSettings } from "../project-settings.js";
import { projectJson } from "../records.js";
import { jsonBody, route } from "../route.js";

const tag = "projects";

export const projectRoutes = [
  route({
    method: "POST",
    path: "/api/projects",
    tag,
    summary: "Create a project",
    description:
      "The id is generated when left out; an id already in use is a 409. `settings` is checked strictly (an unknown key is a 400 naming `settings.<key>`) and stored with every default filled in, as the answer shows it. `settings.live_systems` must name systems of the server's `--systems` config (400 naming `settings.live_systems.<i>`).",
    access: ["admin"],
    body: jsonBody(api.projectInput),
    responses: { 201: { description: "Created", schema: api.projectResponse } },
    async handler({ store, body, services }) {
      checkLiveSystems(services.live, body.settings?.live_systems);
      const project = await store.createProject({
        ...(body.id === undefined ? {} : { id: body.id }),
        name: body.name,
        settings: body.settings ?? api.projectSettings.parse({}),
      });
      return { status: 201, body: { project: projectJson(project, "admin") } };
    },
  }),
  route({
    method: "GET",
    path: "/api/projects",
    tag,
    summary: "List projects",
    description: "Admins see every project; annotators and viewers the ones they are assigned to.",
    access: ["admin", "annotator", "viewer"],
    responses: {
      200: { description: "The projects", schema: api.projectsResponse },
    },
    async handler({ store, principal }) {
      const all = await store.listProjects();
      const annotator = principal!.annotator;
      const visible =
        annotator.role === "admin" ? all : all.filter((p) => annotator.projects.includes(p.id));
      return {
        status: 200,
        body: { projects: visible.map((p) => projectJson(p, annotator.role)) },
      };
    },
  }),
  route({
    method: "GET",
    path: "/api/projects/{id}",
    tag,
    summary: "Get a project",
    access: ["admin", "annotator", "viewer"],
    project: true,
    responses: {
      200: { description: "The project", schema: api.projectResponse },
    },
    async handler({ store, project, principal }) {
      // As stored now, not as cached for authorisation: a change shows at once.
      const current = (await store.getProject(project.id)) ?? project;
      return { status: 200, body: { project: projectJson(current, principal!.annotator.role) } };
    },
  }),
  route({
    method: "PATCH",
    path: "/api/projects/{id}",
    tag,
    summary: "Change a project",
    description:
      "Renames the project and/or changes settings: the keys of `settings` sent replace the stored ones (`criteria` as a whole list; `instructions: null` removes the instructions), the others keep their values; the result is checked as a whole; `live_systems` sent must name systems of the server's `--systems` config (400 naming `settings.live_systems.<i>`). An arena whose annotators have voted cannot become a queue (409 `mode_locked`): its votes revealed the systems, and a queue would let them be undone and cast again.",
    access: ["admin"],
    project: true,
    body: jsonBody(api.projectPatch),
    responses: {
      200: { description: "Changed", schema: api.projectResponse },
      409: { description: "An arena with votes cannot become a queue", schema: api.errorOutput },
    },
    async handler({ store, project, body, services }) {
      const { name, settings: patch } = body;
      if (name === undefined && patch === undefined) {
        throw invalid("(body)", "send name, settings or both");
      }
      checkLiveSystems(services.live, patch?.live_systems);
      const voted = patch?.mode === "queue" && (await hasHumanVotes(store, project.id));
      const updated = await store.updateProject(project.id, (current) => {
        const before = readSettings(current.settings);
        if (voted && before.mode === "arena") {
          throw new ApiError(
            "mode_locked",
            "settings.mode: annotators have voted in this arena and seen the systems; as a queue they could undo those votes and vote again (create another project for queue work)",
            { field: "settings.mode" },
          );
        }
        return {
          ...(name === undefined ? {} : { name }),
          ...(patch === undefined ? {} : { settings: mergeSettings(before, patch) }),
        };
      });
      services.forgetProject(project.id);
      return { status: 200, body: { project: projectJson(updated, "admin") } };
    },
  }),
  route({
    method: "GET",
    path: "/api/projects/{id}/progress",
    tag,
    summary: "Judgments per annotator",
    access: ["admin"],
    project: true,
    responses: {
      200: {
        description: "Each annotator's number of judgments in the project",
        schema: api.progressResponse,
      },
    },
    async handler({ store, project }) {
      const [counts, annotators] = await Promise.all([
        store.progress(project.id),
        store.listAnnotators(),
      ]);
      const names = new Map(annotators.map((a) => [a.id, a.name]));
      const progress = counts.map((c) => ({
        annotator: c.annotatorId,
        name: names.get(c.annotatorId) ?? null,
        judgments: c.judgments,
      }));
      return { status: 200, body: { progress } };
    },
  }),
];

/** Whether people have voted on pairs in the project (AI judges' verdicts reveal nothing). */
async function hasHumanVotes(store: Store, projectId: string): Promise<boolean> {
  return (await store.battleCounts(projectId, { source: "human" })).length > 0;
}

/** The project a path names, checked to exist (404 naming the path's `id`). */
export const unknownProject = (id: string): ApiError =>
  new ApiError("not_found", `id: unknown project "${id}"`, { field: "id" });
