/**
 * May this caller do this? Checked in `preParsing`, before any body is read: the route's access
 * (public, or the roles it names), then — for project routes — the caller's assignment to the
 * project of `{id}` and that it exists (cached for a few seconds, lookups.ts), which the handler
 * then finds as `request.project`. A failed sign-in counts against its address
 * (failure-limit.ts): past the limit, the answer is a 429 instead of a 401.
 */
import type { FastifyRequest } from "fastify";
import type { Project, Store } from "../../store/store.js";
import { mayAccessProject } from "../auth.js";
import { ApiError } from "../errors.js";
import { FailureLimit, type Limit } from "../failure-limit.js";
import { checkFields } from "../input-hygiene.js";
import type { AnyRoute } from "../route.js";
import { unknownProject } from "../routes/projects.js";
import { lookupsOf } from "./lookups.js";
import { unencapsulated } from "./unencapsulated.js";

declare module "fastify" {
  interface FastifyRequest {
    project: Project | undefined;
  }
}

export const authorisation = unencapsulated<{ store: Store; authFailureLimit: Limit }>(
  async (app, { store, authFailureLimit }) => {
    const failures = new FailureLimit(authFailureLimit);
    app.decorateRequest("project", undefined);
    app.addHook("preParsing", async (request, _reply, payload) => {
      const spec = request.routeOptions.config.spec;
      // Ids in the path reach the database while authorising: check them first.
      checkFields(request.params as Record<string, unknown>);
      if (spec) await authorise(store, spec, request, failures);
      return payload;
    });
  },
);

async function authorise(
  store: Store,
  spec: AnyRoute,
  request: FastifyRequest,
  failures: FailureLimit,
): Promise<void> {
  if (spec.access === "public") return;
  const principal = request.principal;
  if (!principal) {
    const retryAfter = failures.fail(request.ip);
    if (retryAfter !== undefined) {
      throw new ApiError(
        "rate_limited",
        `too many failed sign-ins from this address: at most ${failures.limit.max} per ${Math.round(failures.limit.timeWindow / 1000)} s; retry in ${retryAfter} s`,
        {},
        retryAfter,
      );
    }
    throw new ApiError(
      "unauthorized",
      request.authFailure ?? "a token is required: Authorization: Bearer <token>",
    );
  }
  const { role } = principal.annotator;
  if (!spec.access.includes(role)) {
    throw new ApiError("forbidden", `the ${role} role may not ${spec.summary.toLowerCase()}`);
  }
  if (!spec.project) return;
  const id = (request.params as Record<string, string>).id!;
  if (!mayAccessProject(principal.annotator, id)) {
    throw new ApiError("forbidden", `not assigned to project "${id}"`, { field: "id" });
  }
  const project = await lookupsOf(store).projects.get(id, () => store.getProject(id));
  if (!project) throw unknownProject(id);
  request.project = project;
}
