/** Runs `prefkit serve` (its definition: serve.ts) until the server closes. */
import { readFileSync } from "node:fs";
import { loadLlmConfig } from "../../llm/config.js";
import { StartupFault, serve } from "../../server/serve.js";
import { databaseProblem } from "../database-problem.js";
import { UsageError } from "../errors.js";

/** The parsed command-line flags of `prefkit serve`. */
export interface Flags {
  db: string;
  port: number;
  host: string;
  demo?: boolean;
  log?: boolean;
  systems?: string;
  rateLimit: number;
  allowExternalImages?: boolean;
  trustProxy?: boolean | number | string[];
  fitThreads?: number;
  fitQueue?: number;
  importMaxBytes: number;
  importMaxRecords: number;
}

const EXAMPLES = new URL("../../../examples/", import.meta.url);

/** Checks the flags (UsageError), starts the server, and waits until it has closed. */
export async function runServe(flags: Flags, version: string): Promise<void> {
  if (flags.port > 65535) throw new UsageError("--port must be at most 65535");
  if (flags.fitThreads === 0) throw new UsageError("--fit-threads must be at least 1");
  if (flags.rateLimit < 1) throw new UsageError("--rate-limit must be at least 1");
  if (flags.importMaxRecords < 1) {
    throw new UsageError("--import-max-records must be at least 1");
  }
  const adminKey = process.env.PREFKIT_ADMIN_KEY;
  // A bad config is an IssueError naming file, line and key: reported before anything starts.
  const systems = flags.systems === undefined ? undefined : await loadLlmConfig(flags.systems);
  const print = (line: string) => process.stderr.write(`${line}\n`);
  let server: Awaited<ReturnType<typeof serve>>;
  try {
    server = await serve({
      db: flags.db,
      port: flags.port,
      host: flags.host,
      ...(adminKey === undefined || adminKey === "" ? {} : { adminKey }),
      ...(flags.demo
        ? {
            demo: {
              canonical: readFileSync(new URL("canonical-demo.jsonl", EXAMPLES)),
              arena: readFileSync(new URL("arena-demo.jsonl", EXAMPLES)),
            },
          }
        : {}),
      print,
      logger: flags.log ?? false,
      rateLimit: { max: flags.rateLimit, timeWindow: 60_000 },
      allowExternalImages: flags.allowExternalImages ?? false,
      ...(flags.trustProxy === undefined ? {} : { trustProxy: flags.trustProxy }),
      fits: {
        ...(flags.fitThreads === undefined ? {} : { threads: flags.fitThreads }),
        ...(flags.fitQueue === undefined ? {} : { queue: flags.fitQueue }),
      },
      importLimits: { maxBytes: flags.importMaxBytes, maxRecords: flags.importMaxRecords },
      ...(systems === undefined ? {} : { live: { systems, env: process.env } }),
      version,
    });
  } catch (error) {
    if (error instanceof StartupFault) {
      throw new UsageError(`cannot serve the database given by --db: ${error.message}`);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new UsageError(`port ${flags.port} is in use — is another prefkit running? Use --port`);
    }
    if (code === "EADDRNOTAVAIL" || code === "EACCES") {
      throw new UsageError(`cannot listen on ${flags.host}:${flags.port} (${code})`);
    }
    const database = databaseProblem(error);
    if (database !== undefined) throw new UsageError(database);
    throw error;
  }
  await server.closed;
}
