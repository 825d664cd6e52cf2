/**
 * The route table (routes/index.ts) registered with fastify: JSON bodies only, strictly parsed
 * (json-body.ts), except where a route takes other content types as bytes (the import); each
 * route's body limit; query and body validated before its handler runs. `app.registeredRoutes`
 * lists what fastify registered, for the test that the OpenAPI document misses none.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Project, Store } from "../../store/store.js";
import { checkFields, checkInput } from "../input-hygiene.js";
import { parseJsonBodiesStrictly } from "../json-body.js";
import { type AnyRoute, fastifyPath, type Services } from "../route.js";
import { ROUTES } from "../routes/index.js";
import { invalidRequest } from "../validate.js";
import { unencapsulated } from "./unencapsulated.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route's entry of the table, for the hooks (authorisation.ts) to read. */
    spec?: AnyRoute;
  }
  interface FastifyInstance {
    /** The routes registered, as fastify reports them (method, url). */
    registeredRoutes: { method: string; url: string }[];
  }
}

export interface RouteTableOptions {
  store: Store;
  services: Services;
  /** Largest JSON body, bytes. */
  bodyLimit: number;
  /** Largest dataset file the import route takes, bytes. */
  importBodyLimit: number;
}

export const routeTable = unencapsulated<RouteTableOptions>(async (app, options) => {
  app.decorate("registeredRoutes", []);
  app.addHook("onRoute", (r) => {
    for (const method of [r.method].flat()) app.registeredRoutes.push({ method, url: r.url });
  });
  // Only JSON, except where a route says otherwise (below).
  app.removeContentTypeParser("text/plain");
  parseJsonBodiesStrictly(app);
  for (const spec of ROUTES) {
    const limit = spec.bodyLimit === "import" ? options.importBodyLimit : options.bodyLimit;
    if (spec.body?.contentTypes) {
      const types = [...spec.body.contentTypes];
      await app.register(async (child) => {
        // This route reads its body as bytes, whatever text type it comes as.
        child.removeAllContentTypeParsers();
        child.addContentTypeParser(types, { parseAs: "buffer" }, (_request, body, done) =>
          done(null, body),
        );
        registerRoute(child, spec, options, limit);
      });
    } else registerRoute(app, spec, options, limit);
  }
});

function registerRoute(
  app: FastifyInstance,
  spec: AnyRoute,
  { store, services }: RouteTableOptions,
  bodyLimit: number,
): void {
  app.route({
    method: spec.method,
    url: fastifyPath(spec.path),
    bodyLimit,
    config: { spec },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      checkFields(request.query as Record<string, unknown>);
      if (!Buffer.isBuffer(request.body)) checkInput(request.body);
      let query: unknown;
      if (spec.query) {
        const parsed = spec.query.safeParse(request.query ?? {});
        if (!parsed.success) throw invalidRequest(parsed.error);
        query = parsed.data;
      }
      const body = spec.body ? spec.body.parse(request.body, request.principal) : undefined;
      const result = await spec.handler({
        store,
        principal: request.principal,
        project: request.project as Project,
        params: request.params as Record<string, string>,
        query,
        body,
        request,
        reply,
        services,
      });
      if (result === undefined) return reply;
      reply.code(result.status);
      if (result.type) reply.type(result.type);
      return result.body === undefined ? reply.send() : reply.send(result.body);
    },
  });
}
