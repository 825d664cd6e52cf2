/**
 * The HTTP API on fastify: `buildApp({ store })` registers the route table (routes/index.ts)
 * under `/api` behind the same request pipeline for every route:
 *
 *   onRequest   authenticate (who is the token?) → rate limit (per token; none without one)
 *   preParsing  authorise (role, project assignment, project exists) — before any body is read;
 *               a failed sign-in counts against its address (failure-limit.ts)
 *   parsing     JSON only (the import route also takes JSON Lines text), size-limited
 *   handler     query and body validated with zod, then the route's handler
 *
 * and one error boundary (`errorReply`) that answers every failure as
 * `{ error: { code, message, field?, index?, line? } }`.
 */
import { availableParallelism } from "node:os";
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { FitPool } from "../parallel/fit-pool.js";
import type { Project, Store } from "../store/store.js";
import { authenticate, bearerToken, hashToken, mayAccessProject, type Principal } from "./auth.js";
import { CandidateHandles } from "./candidate-handles.js";
import { registerDrain } from "./drain.js";
import { ApiError, errorReply } from "./errors.js";
import { FailureLimit, type Limit } from "./failure-limit.js";
import { FaultLog } from "./fault-log.js";
import { GroupCommit } from "./group-commit.js";
import { type ImportLimits, importLimitsOf } from "./import-dataset.js";
import { checkFields, checkInput } from "./input-hygiene.js";
import { parseJsonBodiesStrictly } from "./json-body.js";
import { ExpiringCache, LruCache } from "./lru-cache.js";
import { SharedWork } from "./shared-work.js";

/**
 * A token's annotator and a project, as seen at most this long ago: the only staleness is a
 * few seconds' delay after a change. Annotator routes that change a token, role or projects
 * drop the annotator's entries at once (`services.forgetAnnotator`), and a project's change its
 * entry (`services.forgetProject`), on this process only.
 */
const LOOKUP_TTL_MS = 5_000;
const lookups = new WeakMap<
  Store,
  { principals: ExpiringCache<Principal>; projects: ExpiringCache<Project> }
>();
function lookupsOf(store: Store) {
  let found = lookups.get(store);
  if (!found) {
    found = {
      principals: new ExpiringCache(10_000, LOOKUP_TTL_MS),
      projects: new ExpiringCache(10_000, LOOKUP_TTL_MS),
    };
    lookups.set(store, found);
  }
  return found;
}

import { openApiDocument } from "./openapi.js";
import type { AnyRoute, Services } from "./route.js";
import { fastifyPath } from "./route.js";
import { ROUTES } from "./routes/index.js";
import { unknownProject } from "./routes/projects.js";
import { invalidRequest } from "./validate.js";
import { registerWebUi } from "./web-ui.js";

declare module "fastify" {
  interface FastifyContextConfig {
    spec?: AnyRoute;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
    authFailure: string | undefined;
    project: Project | undefined;
  }
  interface FastifyInstance {
    /** The routes registered, as fastify reports them (method, url). */
    registeredRoutes: { method: string; url: string }[];
  }
}

export interface AppOptions {
  store: Store;
  logger?: boolean;
  /** Largest JSON body, bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Largest dataset file the import route takes, bytes (default 32 MiB). */
  importBodyLimit?: number;
  /**
   * What an imported file may expand to: bytes after decompression (default 64 MiB) and
   * records (default 50,000); beyond either, a 413 (see import-dataset.ts).
   */
  importLimits?: Partial<ImportLimits>;
  /** Requests per token per window, ms (default 600 a minute). */
  rateLimit?: Limit;
  /** Failed sign-ins per client address per window, ms (default 60 a minute). */
  authFailureLimit?: Limit;
  /**
   * Which proxies to believe about the client's address (fastify's `trustProxy`): `true` for
   * any, a hop count, or addresses and CIDR ranges. Only then does `request.ip` come from
   * X-Forwarded-For; otherwise anyone could write that header to dodge a per-address limit.
   */
  trustProxy?: boolean | number | string | string[];
  /** prefkit's version, shown in reports and the API document. */
  version?: string;
  /**
   * The leaderboard fit pool (fit-pool.ts): made here with these sizes — threads default to
   * the cores but one, leaving one to serve requests (and SQLite, which runs on that thread);
   * the queue to 4 fits per thread — or given (tests). A pool made here closes with the app.
   */
  fits?: FitPool | { threads?: number; queue?: number };
  /** How long open connections may still send, when closing, to hear "shutting down" (drain.ts). */
  drainGraceMs?: number;
  /** The built web UI to serve at `/` (see web-ui.ts); none when left out. */
  webRoot?: string;
  /** Let the web UI load images from other hosts (see web-ui.ts); off by default. */
  allowExternalImages?: boolean;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_IMPORT_BODY_LIMIT = 32 * 1024 * 1024;
export const DEFAULT_RATE_LIMIT: Limit = { max: 600, timeWindow: 60_000 };
export const DEFAULT_AUTH_FAILURE_LIMIT: Limit = { max: 60, timeWindow: 60_000 };
const LEADERBOARD_CACHE_ENTRIES = 48;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    onProtoPoisoning: "error",
    onConstructorPoisoning: "error",
    exposeHeadRoutes: false,
    // drain.ts answers requests that arrive while closing, in the API's error shape.
    return503OnClosing: false,
    ...(options.trustProxy === undefined ? {} : { trustProxy: trustProxy(options.trustProxy) }),
    // Fastify's own refusals (a malformed URL, a bad header) in the API's error shape too.
    frameworkErrors: (error, _request, reply) => {
      const plain = reply as unknown as FastifyReply;
      void plain
        .code(400)
        .type("application/json; charset=utf-8")
        .send({ error: { code: "invalid", message: error.message } });
    },
    // A request too broken to parse (e.g. a wrong Content-Length) never reaches a route.
    clientErrorHandler: (_error, socket) => {
      const body = JSON.stringify({
        error: { code: "invalid", message: "malformed HTTP request" },
      });
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      } else socket.destroy();
    },
  });
  const version = options.version ?? "0.0.0";
  let document: Readonly<Record<string, unknown>> | undefined;
  const fits = options.fits instanceof FitPool ? options.fits : fitPool(options.fits);
  if (fits !== options.fits) app.addHook("onClose", () => fits.close());
  const services: Services = {
    leaderboards: new LruCache(LEADERBOARD_CACHE_ENTRIES),
    fitting: new SharedWork(),
    fits,
    version,
    commits: new GroupCommit(store),
    handles: new CandidateHandles(store),
    openapi: () => (document ??= openApiDocument(ROUTES, version)),
    forgetAnnotator: (id) => lookupsOf(store).principals.deleteWhere((p) => p.annotator.id === id),
    forgetProject: (id) => lookupsOf(store).projects.deleteWhere((p) => p.id === id),
    importLimits: importLimitsOf(options.importLimits),
  };
  // The handles' secret is made now, at start (where serve() has checked that the database
  // takes writes), not by the first task: a database that turns read-only later still hands
  // out tasks, since reading the secret needs no write.
  await services.handles.ready();

  registerDrain(app, options.drainGraceMs);
  app.decorate("registeredRoutes", []);
  app.addHook("onRoute", (r) => {
    for (const method of [r.method].flat()) app.registeredRoutes.push({ method, url: r.url });
  });
  app.decorateRequest("principal", undefined);
  app.decorateRequest("authFailure", undefined);
  app.decorateRequest("project", undefined);
  // Only JSON, except where a route says otherwise (see `registerRoute`).
  app.removeContentTypeParser("text/plain");
  parseJsonBodiesStrictly(app);

  // Faults and bugs reach the log once per condition, not once per request (fault-log.ts).
  // The answer to a bug says "see the server log": without --log, stderr is that log.
  const faults = new FaultLog((message, error) => {
    if (options.logger) app.log.error(error === undefined ? {} : { err: error }, message);
    else {
      const stack = error === undefined ? "" : `\n${(error as Error).stack ?? String(error)}`;
      process.stderr.write(`prefkit: ${message}${stack}\n`);
    }
  });
  app.addHook("onClose", async () => faults.close());
  app.setErrorHandler((error, _request, reply) => {
    const { status, body, retryAfter, log } = errorReply(error);
    if (log) faults.report(log.key, log.message, error);
    if (status === 401) reply.header("www-authenticate", 'Bearer realm="prefkit"');
    if (retryAfter !== undefined) reply.header("retry-after", retryAfter);
    return reply.code(status).type("application/json; charset=utf-8").send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        errorReply(
          new ApiError("not_found", `no route ${request.method} ${request.url.split("?")[0]}`),
        ).body,
      ),
  );

  app.addHook("onSend", async (_request, reply, payload) => {
    // Answers carry untrusted text (prompts, responses): never let a browser sniff it as HTML.
    reply.header("x-content-type-options", "nosniff");
    return payload;
  });

  app.addHook("onRequest", async (request) => {
    let token: string | undefined;
    try {
      token = bearerToken(request.headers.authorization);
    } catch (error) {
      request.authFailure = (error as Error).message;
      return;
    }
    if (token === undefined) return;
    request.principal = await lookupsOf(store).principals.get(hashToken(token), () =>
      authenticate(store, token),
    );
    if (!request.principal) request.authFailure = "unknown token";
  });
  const failures = new FailureLimit(options.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT);
  const limits = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  await app.register(rateLimit, {
    max: limits.max,
    timeWindow: limits.timeWindow,
    hook: "onRequest",
    // Per token only: requests without one are either public (the UI's files, health: never
    // limited) or refused, and refusals count against their address (`failures`).
    allowList: (request) => request.principal === undefined,
    keyGenerator: (request) => `token:${request.principal?.tokenHash}`,
    errorResponseBuilder: (_request, context) =>
      new ApiError(
        "rate_limited",
        `too many requests: at most ${context.max} per ${Math.round(limits.timeWindow / 1000)} s; retry in ${context.after}`,
      ),
  });
  app.addHook("preParsing", async (request, _reply, payload) => {
    const spec = request.routeOptions.config.spec;
    // Ids in the path reach the database while authorising: check them first.
    checkFields(request.params as Record<string, unknown>);
    if (spec) await authorise(store, spec, request, failures);
    return payload;
  });

  const importLimit = options.importBodyLimit ?? DEFAULT_IMPORT_BODY_LIMIT;
  for (const spec of ROUTES) {
    const limit = spec.bodyLimit === "import" ? importLimit : bodyLimit;
    if (spec.body?.contentTypes) {
      const types = [...spec.body.contentTypes];
      await app.register(async (child) => {
        // This route reads its body as bytes, whatever text type it comes as.
        child.removeAllContentTypeParsers();
        child.addContentTypeParser(types, { parseAs: "buffer" }, (_request, body, done) =>
          done(null, body),
        );
        registerRoute(child, spec, store, services, limit);
      });
    } else registerRoute(app, spec, store, services, limit);
  }
  if (options.webRoot !== undefined) {
    await registerWebUi(app, options.webRoot, { externalImages: !!options.allowExternalImages });
  }
  return app;
}

function fitPool(sizes: { threads?: number; queue?: number } = {}): FitPool {
  const threads = sizes.threads ?? Math.max(1, availableParallelism() - 1);
  return new FitPool({ threads, queue: sizes.queue ?? 4 * threads });
}

/** fastify's `trustProxy` for ours: a hop count trusts that many proxies nearest the server. */
const trustProxy = (trust: NonNullable<AppOptions["trustProxy"]>) =>
  typeof trust === "number" ? (_address: string, hop: number) => hop < trust : trust;

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

function registerRoute(
  app: FastifyInstance,
  spec: AnyRoute,
  store: Store,
  services: Services,
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
