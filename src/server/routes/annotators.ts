/**
 * People: admins invite annotators and viewers (the token is shown once, in the answer, and
 * only its hash is stored); anyone signed in can ask who they are.
 */
import { z } from "zod";
import { hashToken, newToken } from "../auth.js";
import { ApiError } from "../errors.js";
import { annotatorJson } from "../records.js";
import { jsonBody, route } from "../route.js";
import { annotatorInput, annotatorOutput, annotatorsQuery } from "../schemas.js";

const tag = "annotators";

export const annotatorRoutes = [
  route({
    method: "POST",
    path: "/api/annotators",
    tag,
    summary: "Invite an annotator, viewer or admin",
    description:
      "Answers with the new token, once: only its SHA-256 is stored. `invite` is the web UI's sign-in link.",
    access: ["admin"],
    body: jsonBody(annotatorInput),
    responses: {
      201: {
        description: "Created",
        schema: z.object({ annotator: annotatorOutput, token: z.string(), invite: z.string() }),
      },
    },
    async handler({ store, body }) {
      const projects = body.projects ?? [];
      for (const [i, id] of projects.entries()) {
        if (!(await store.getProject(id))) {
          throw new ApiError("not_found", `projects.${i}: unknown project "${id}"`, {
            field: `projects.${i}`,
          });
        }
      }
      const token = newToken();
      const annotator = await store.createAnnotator({
        name: body.name,
        role: body.role,
        ...(body.attributes === undefined ? {} : { attributes: body.attributes }),
        projects: [...new Set(projects)],
        tokenHash: hashToken(token),
      });
      // In the fragment, the token never reaches a server log, a proxy or a Referer header.
      const invite = `/#token=${encodeURIComponent(token)}`;
      return { status: 201, body: { annotator: annotatorJson(annotator), token, invite } };
    },
  }),
  route({
    method: "GET",
    path: "/api/annotators",
    tag,
    summary: "List annotators",
    access: ["admin"],
    query: annotatorsQuery,
    responses: {
      200: {
        description: "Annotators (of one project, when asked)",
        schema: z.object({ annotators: z.array(annotatorOutput) }),
      },
    },
    async handler({ store, query }) {
      const annotators = await store.listAnnotators(query.project);
      return { status: 200, body: { annotators: annotators.map(annotatorJson) } };
    },
  }),
  route({
    method: "GET",
    path: "/api/me",
    tag,
    summary: "Who the token belongs to",
    access: ["admin", "annotator", "viewer"],
    responses: {
      200: { description: "The caller", schema: z.object({ annotator: annotatorOutput }) },
    },
    async handler({ principal }) {
      return { status: 200, body: { annotator: annotatorJson(principal!.annotator) } };
    },
  }),
];
