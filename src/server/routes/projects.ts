/** Projects: create, list (each caller sees the projects they may work on), get, progress. */
import { z } from "zod";
import { ApiError } from "../errors.js";
import { projectJson } from "../records.js";
import { jsonBody, route } from "../route.js";
import { projectInput, projectOutput } from "../schemas.js";

const tag = "projects";

export const projectRoutes = [
  route({
    method: "POST",
    path: "/api/projects",
    tag,
    summary: "Create a project",
    description: "The id is generated when left out; an id already in use is a 409.",
    access: ["admin"],
    body: jsonBody(projectInput),
    responses: { 201: { description: "Created", schema: z.object({ project: projectOutput }) } },
    async handler({ store, body }) {
      const project = await store.createProject({
        ...(body.id === undefined ? {} : { id: body.id }),
        name: body.name,
        ...(body.settings === undefined ? {} : { settings: body.settings }),
      });
      return { status: 201, body: { project: projectJson(project) } };
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
      200: { description: "The projects", schema: z.object({ projects: z.array(projectOutput) }) },
    },
    async handler({ store, principal }) {
      const all = await store.listProjects();
      const annotator = principal!.annotator;
      const visible =
        annotator.role === "admin" ? all : all.filter((p) => annotator.projects.includes(p.id));
      return { status: 200, body: { projects: visible.map(projectJson) } };
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
      200: { description: "The project", schema: z.object({ project: projectOutput }) },
    },
    async handler({ project }) {
      return { status: 200, body: { project: projectJson(project) } };
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
        schema: z.object({
          progress: z.array(
            z.object({
              annotator: z.string(),
              name: z.string().nullable(),
              judgments: z.number().int(),
            }),
          ),
        }),
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

/** The project a path names, checked to exist (404 naming the path's `id`). */
export const unknownProject = (id: string): ApiError =>
  new ApiError("not_found", `id: unknown project "${id}"`, { field: "id" });
