/**
 * A running server: opens the store and brings its schema up to date, checks that it can write
 * (a read-only database is refused at start, not at the first vote), makes sure there is an
 * admin key, seeds the demo when asked, listens, and on SIGTERM or SIGINT shuts down in order —
 * stop accepting, let in-flight requests finish (`app.close()`), then close the store — so no
 * acknowledged request is cut short and no transaction is left open.
 */
import type { FastifyInstance } from "fastify";
import { IssueError } from "../core/issue.js";
import { checkApiKeys } from "../llm/config.js";
import { openStore } from "../store/open-store.js";
import type { AnnotatorsStore, Store } from "../store/store.js";
import { ensureAdminKey } from "./admin-key.js";
import { type AppOptions, buildApp } from "./app.js";
import { hashToken, newToken } from "./auth.js";
import { DEMO_PROJECT, type DemoData, seedDemo } from "./demo.js";
import type { FitSizes } from "./plugins/services.js";
import { storageFault } from "./storage-faults.js";
import { DEFAULT_WEB_ROOT } from "./web-ui.js";

export interface ServeOptions {
  /** Store URL: `sqlite:PATH` or `postgres://…`. */
  db: string;
  port: number;
  host: string;
  /** The operator's admin key (PREFKIT_ADMIN_KEY); a fresh one is made and printed otherwise. */
  adminKey?: string;
  demo?: DemoData;
  /** Where status lines go (stderr in the CLI). */
  print: (line: string) => void;
  /** Log requests (JSON lines on stdout). */
  logger?: boolean;
  rateLimit?: AppOptions["rateLimit"];
  /** Which reverse proxies to believe about client addresses (see AppOptions). */
  trustProxy?: AppOptions["trustProxy"];
  /** Sizes of the leaderboard fit pool (see AppOptions). */
  fits?: FitSizes;
  importLimits?: AppOptions["importLimits"];
  version?: string;
  /** Shut down on SIGTERM and SIGINT (default true). */
  signals?: boolean;
  /** The built web UI (default dist/web). */
  webRoot?: string;
  /** Let the web UI load images from other hosts (see web-ui.ts); off by default. */
  allowExternalImages?: boolean;
  /**
   * Live systems (`--systems`), their keys read from `env` at call time; every key variable is
   * checked before the store opens (an IssueError listing each unset one).
   */
  live?: AppOptions["live"];
}

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  /** `http://host:port`. */
  url: string;
  /** Shuts down (once): drains requests, then closes the store. */
  close: () => Promise<void>;
  /** Resolves when the server has shut down, by `close` or by a signal. */
  closed: Promise<void>;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  if (options.live) checkApiKeys(options.live.systems, options.live.env ?? {});
  const store = await openStore(options.db);
  let app: FastifyInstance | undefined;
  let demoInvite: string | undefined;
  try {
    await startingUp(async () => {
      await store.migrate();
      await store.checkWritable();
    });
    await ensureAdminKey(store, {
      ...(options.adminKey === undefined ? {} : { adminKey: options.adminKey }),
      print: options.print,
    });
    if (options.demo && (await seedDemo(store, options.demo))) {
      options.print('prefkit: seeded the demo project "demo"');
      demoInvite = await inviteDemoAnnotator(store);
    }
    app = await buildApp({
      store,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
      ...(options.fits === undefined ? {} : { fits: options.fits }),
      ...(options.importLimits === undefined ? {} : { importLimits: options.importLimits }),
      ...(options.version === undefined ? {} : { version: options.version }),
      ...(options.live === undefined ? {} : { live: options.live }),
      webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
      allowExternalImages: options.allowExternalImages ?? false,
    });
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app?.close().catch(() => {});
    await store.close().catch(() => {});
    throw error;
  }
  const running = app;
  const address = running.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let closing: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    options.print(`prefkit: ${signal}: finishing requests in flight, then stopping`);
    void close();
  };
  const close = () => {
    closing ??= (async () => {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      try {
        await running.close();
      } finally {
        await store.close();
        resolveClosed();
      }
    })();
    return closing;
  };
  if (options.signals !== false) {
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }
  options.print(`prefkit: serving ${url}/api (reference: ${url}/api/docs)`);
  options.print(`prefkit: web UI at ${url}/`);
  if (demoInvite)
    options.print(`prefkit: vote in the demo arena (link shown once): ${url}${demoInvite}`);
  return { app: running, store, url, close, closed };
}

/** A database the server cannot use at start: read-only, full, unreachable (storage-faults.ts). */
export class StartupFault extends IssueError {
  constructor(message: string, options: { cause: unknown }) {
    super({ code: "unavailable", message });
    this.cause = options.cause;
    this.name = "StartupFault";
  }
}

/** Runs a start-up step; a storage fault becomes a StartupFault naming the condition. */
async function startingUp(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    const fault = storageFault(error);
    if (!fault) throw error;
    const advice = fault.writes ? "; prefkit serve stores votes, so it needs to write" : "";
    throw new StartupFault(`${fault.condition} (${(error as Error).message})${advice}`, {
      cause: error,
    });
  }
}

/** An annotator of the freshly seeded demo, so that `npm start` gives a link to vote with. */
async function inviteDemoAnnotator(store: AnnotatorsStore): Promise<string> {
  const token = newToken();
  await store.createAnnotator({
    name: "Demo annotator",
    role: "annotator",
    projects: [DEMO_PROJECT],
    tokenHash: hashToken(token),
  });
  return `/#token=${encodeURIComponent(token)}`;
}
