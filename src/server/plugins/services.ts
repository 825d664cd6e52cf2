/**
 * What route handlers share beyond the store (route.ts `Services`), made once per app: the
 * leaderboard cache and fit pool, group commits, candidate handles, the OpenAPI document, and
 * the forgetting of cached sign-ins and projects (lookups.ts).
 */
import { availableParallelism } from "node:os";
import type { FastifyInstance } from "fastify";
import type { ImportLimits } from "../../app/import/import-limits.js";
import { FitPool } from "../../parallel/fit-pool.js";
import type { Store } from "../../store/store.js";
import { CandidateHandles } from "../candidate-handles.js";
import { GroupCommit } from "../group-commit.js";
import { importLimitsOf } from "../import-dataset.js";
import { type LiveOptions, LiveSystems } from "../live-systems.js";
import { LruCache } from "../lru-cache.js";
import { openApiDocument } from "../openapi.js";
import { ReportCache } from "../quality/report-cache.js";
import type { Services } from "../route.js";
import { ROUTES } from "../routes/index.js";
import { SharedWork } from "../shared-work.js";
import { lookupsOf } from "./lookups.js";

/** The fit pool buildApp makes: its threads, queue, and whether they are worker threads. */
export interface FitSizes {
  threads?: number;
  queue?: number;
  /** False fits on the request thread (tests that run the TypeScript sources). */
  workers?: boolean;
}

const LEADERBOARD_CACHE_ENTRIES = 48;

export interface ServicesOptions {
  store: Store;
  version: string;
  /** A pool to use, or the sizes of one to make here (closed with the app). */
  fits?: FitPool | FitSizes | undefined;
  importLimits?: Partial<ImportLimits> | undefined;
  live?: LiveOptions | undefined;
}

export async function servicesFor(
  app: FastifyInstance,
  { store, version, fits: given, importLimits, live }: ServicesOptions,
): Promise<Services> {
  const fits = given instanceof FitPool ? given : fitPool(given);
  if (fits !== given) app.addHook("onClose", () => fits.close());
  let document: Readonly<Record<string, unknown>> | undefined;
  const services: Services = {
    leaderboards: new LruCache(LEADERBOARD_CACHE_ENTRIES),
    fitting: new SharedWork(),
    quality: new ReportCache(),
    fits,
    version,
    commits: new GroupCommit(store),
    handles: new CandidateHandles(store),
    openapi: () => (document ??= openApiDocument(ROUTES, version)),
    forgetAnnotator: (id) => lookupsOf(store).principals.deleteWhere((p) => p.annotator.id === id),
    forgetProject: (id) => lookupsOf(store).projects.deleteWhere((p) => p.id === id),
    importLimits: importLimitsOf(importLimits),
    live: live && live.systems.length > 0 ? new LiveSystems(live) : undefined,
  };
  // The handles' secret is made now, at start (where serve() has checked that the database
  // takes writes), not by the first task: a database that turns read-only later still hands
  // out tasks, since reading the secret needs no write.
  await services.handles.ready();
  return services;
}

/** Threads default to the cores but one, leaving one to serve requests (and SQLite, which runs on it). */
function fitPool(sizes: FitSizes = {}): FitPool {
  const threads = sizes.threads ?? Math.max(1, availableParallelism() - 1);
  const workers = sizes.workers ?? true;
  return new FitPool({ threads, queue: sizes.queue ?? 4 * threads, workers });
}
