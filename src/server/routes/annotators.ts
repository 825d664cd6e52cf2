/**
 * People: admins invite annotators and viewers (the token is shown once, in the answer, and
 * only its hash is stored), change their role, attributes and projects, and replace or revoke
 * their tokens; anyone signed in can ask who they are.
 */

import * as api from "../../api/index.js";
import type { AnnotatorRecord, Store } from "../../store/store.js";
import { hashToken, newToken } from "../auth.js";
import { ApiError, invalid } from "../errors.js";
import { annotatorJson } from "../records.js";
import { jsonBody, route } from "../route.js";

const tag = "annotators";

/** A token handed out: shown this once, with the web UI's sign-in link. */
function issued(annotator: AnnotatorRecord, token: string) {
  // In the fragment, the token never reaches a server log, a proxy or a Referer header.
  const invite = `/#token=${encodeURIComponent(token)}`;
  return { annotator: annotatorJson(annotator), token, invite };
}

/** A 404 naming `projects.<index>` for the first project that does not exist. */
async function assertProjectsExist(store: Store, projects: readonly string[]): Promise<void> {
  for (const [i, id] of projects.entries()) {
    if (!(await store.getProject(id))) {
      throw new ApiError("not_found", `projects.${i}: unknown project "${id}"`, {
        field: `projects.${i}`,
      });
    }
  }
}

const unknownAnnotator = {
  description: "Unknown annotator (`field` is `id`)",
  schema: api.errorOutput,
};
const lastAdmin = {
  description: "The last admin who can sign in would be demoted or locked out (`last_admin`)",
  schema: api.errorOutput,
};
const CACHE_NOTE =
  "Takes effect at once on the server that answers; other server processes on the same database may still honour the old token or assignment for up to 5 s (they cache a token's annotator that long).";

export const annotatorRoutes = [
  // Route declarations share route()'s shape (as in projects.ts); each keeps its own checks and
  // update fields in view rather than behind a shared wrapper.
  route({
    method: "POST",
    path: "/api/annotators",
    tag,
    summary: "Invite an annotator, viewer or admin",
    description:
      "Answers with the new token, once: only its SHA-256 is stored. `invite` is the web UI's sign-in link.",
    access: ["admin"],
    body: jsonBody(api.annotatorInput),
    responses: {
      201: {
        description: "Created",
        schema: api.issuedResponse,
      },
    },
    async handler({ store, body }) {
      const projects = body.projects ?? [];
      await assertProjectsExist(store, projects);
      const token = newToken();
      const annotator = await store.createAnnotator({
        name: body.name,
        role: body.role,
        ...(body.attributes === undefined ? {} : { attributes: body.attributes }),
        projects: [...new Set(projects)],
        tokenHash: hashToken(token),
      });
      return { status: 201, body: issued(annotator, token) };
    },
  }),
  route({
    method: "GET",
    path: "/api/annotators",
    tag,
    summary: "List annotators",
    access: ["admin"],
    query: api.annotatorsQuery,
    responses: {
      200: {
        description: "Annotators (of one project, when asked)",
        schema: api.annotatorsResponse,
      },
    },
    async handler({ store, query }) {
      const annotators = await store.listAnnotators(query.project);
      return { status: 200, body: { annotators: annotators.map(annotatorJson) } };
    },
  }),
  route({
    method: "PATCH",
    path: "/api/annotators/{id}",
    tag,
    summary: "Change an annotator's name, role, attributes or projects",
    description: `Any of the fields, in one transaction; \`attributes\` and \`projects\` replace the whole set. An unknown project is a 404 naming \`projects.<index>\`. Demoting the last admin who can sign in is a 409. ${CACHE_NOTE}`,
    access: ["admin"],
    body: jsonBody(api.annotatorPatch),
    responses: {
      200: { description: "Changed", schema: api.annotatorResponse },
      404: unknownAnnotator,
      409: lastAdmin,
    },
    async handler({ store, params, body, services }) {
      if (Object.keys(body).length === 0) {
        throw invalid("(body)", "send name, role, attributes, projects or several of them");
      }
      if (body.projects !== undefined) await assertProjectsExist(store, body.projects);
      const annotator = await store.updateAnnotator(params.id!, {
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.role === undefined ? {} : { role: body.role }),
        ...(body.attributes === undefined ? {} : { attributes: body.attributes }),
        ...(body.projects === undefined ? {} : { projects: body.projects }),
      });
      services.forgetAnnotator(annotator.id);
      return { status: 200, body: { annotator: annotatorJson(annotator) } };
    },
  }),
  route({
    method: "POST",
    path: "/api/annotators/{id}/token",
    tag,
    summary: "Replace an annotator's token",
    description: `A new token, shown once as when inviting; the old one (or a revoked one) stops working. ${CACHE_NOTE}`,
    access: ["admin"],
    responses: {
      201: { description: "The new token", schema: api.issuedResponse },
      404: unknownAnnotator,
    },
    async handler({ store, params, services }) {
      const token = newToken();
      const annotator = await store.replaceAnnotatorToken(params.id!, hashToken(token));
      services.forgetAnnotator(annotator.id);
      return { status: 201, body: issued(annotator, token) };
    },
  }),
  route({
    method: "DELETE",
    path: "/api/annotators/{id}/token",
    tag,
    summary: "Revoke an annotator's token",
    description: `Nobody can sign in as the annotator until they are given a new token; their judgments stay. Revoking the token of the last admin who can sign in is a 409. ${CACHE_NOTE}`,
    access: ["admin"],
    responses: { 204: { description: "Revoked" }, 404: unknownAnnotator, 409: lastAdmin },
    async handler({ store, params, services }) {
      await store.revokeAnnotatorToken(params.id!);
      services.forgetAnnotator(params.id!);
      return { status: 204 };
    },
  }),
  route({
    method: "GET",
    path: "/api/me",
    tag,
    summary: "Who the token belongs to",
    access: ["admin", "annotator", "viewer"],
    responses: {
      200: { description: "The caller", schema: api.annotatorResponse },
    },
    async handler({ principal }) {
      return { status: 200, body: { annotator: annotatorJson(principal!.annotator) } };
    },
  }),
];
