/**
 * The HTTP API on fastify: `buildApp({ store })` composes one plugin per step of the request
 * pipeline every `/api` route goes through (plugins/*.ts):
 *
 *   onRequest   drain (drain.ts) → authenticate (who is the token?) → rate limit (per token;
 *               none without one): authentication.ts
 *   preParsing  authorise (role, project assignment, project exists) — before any body is read;
 *               a failed sign-in counts against its address: authorisation.ts
 *   parsing     JSON only (the import route also takes JSON Lines text), size-limited
 *   handler     query and body validated with zod, then the route's handler: route-table.ts
 *
 * and one error boundary (error-boundary.ts, over `errorReply`) that answers every failure as
 * `{ error: { code, message, field?, index?, line? } }`.
 */
import Fastify, { type FastifyInstance } from "fastify";
import type { ImportLimits } from "../app/import/import-limits.js";
import type { FitPool } from "../parallel/fit-pool.js";
import type { Store } from "../store/store.js";
import { registerDrain } from "./drain.js";
import type { Limit } from "./failure-limit.js";
import type { LiveOptions } from "./live-systems.js";
import { authentication } from "./plugins/authentication.js";
import { authorisation } from "./plugins/authorisation.js";
import { errorBoundary, frameworkErrorOptions } from "./plugins/error-boundary.js";
import { noSniff } from "./plugins/no-sniff.js";
import { routeTable } from "./plugins/route-table.js";
import { type FitSizes, servicesFor } from "./plugins/services.js";
import { registerWebUi } from "./web-ui.js";

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
  fits?: FitPool | FitSizes;
  /** How long open connections may still send, when closing, to hear "shutting down" (drain.ts). */
  drainGraceMs?: number;
  /** The built web UI to serve at `/` (see web-ui.ts); none when left out. */
  webRoot?: string;
  /** Let the web UI load images from other hosts (see web-ui.ts); off by default. */
  allowExternalImages?: boolean;
  /** Live systems for live arenas (`prefkit serve --systems`), with where their keys are read. */
  live?: LiveOptions;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const DEFAULT_IMPORT_BODY_LIMIT = 32 * 1024 * 1024;
const DEFAULT_RATE_LIMIT: Limit = { max: 600, timeWindow: 60_000 };
const DEFAULT_AUTH_FAILURE_LIMIT: Limit = { max: 60, timeWindow: 60_000 };

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
    ...frameworkErrorOptions,
  });
  const services = await servicesFor(app, {
    store,
    version: options.version ?? "0.0.0",
    fits: options.fits,
    importLimits: options.importLimits,
    live: options.live,
  });
  // First: nothing else (sign-in, rate limits) runs for a request refused while closing.
  registerDrain(app, options.drainGraceMs);
  await app.register(errorBoundary, { logger: !!options.logger });
  await app.register(noSniff);
  await app.register(authentication, {
    store,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
  });
  await app.register(authorisation, {
    store,
    authFailureLimit: options.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT,
  });
  await app.register(routeTable, {
    store,
    services,
    bodyLimit,
    importBodyLimit: options.importBodyLimit ?? DEFAULT_IMPORT_BODY_LIMIT,
  });
  if (options.webRoot !== undefined) {
    await registerWebUi(app, options.webRoot, { externalImages: !!options.allowExternalImages });
  }
  return app;
}

/** fastify's `trustProxy` for ours: a hop count trusts that many proxies nearest the server. */
const trustProxy = (trust: NonNullable<AppOptions["trustProxy"]>) =>
  typeof trust === "number" ? (_address: string, hop: number) => hop < trust : trust;
