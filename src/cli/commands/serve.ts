/**
 * `prefkit serve [--db URL] [--port N] [--host H] [--demo]`: the HTTP API over a store. The
 * admin key comes from PREFKIT_ADMIN_KEY, or is made at first start and printed once.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { DEFAULT_IMPORT_LIMITS } from "../../server/import-dataset.js";
import { StartupFault, serve } from "../../server/serve.js";
import { databaseProblem } from "../database-problem.js";
import { UsageError } from "../errors.js";
import { byteSize, trustProxy, wholeNumber } from "../options.js";

interface Flags {
  db: string;
  port: number;
  host: string;
  demo?: boolean;
  log?: boolean;
  rateLimit: number;
  allowExternalImages?: boolean;
  trustProxy?: boolean | number | string[];
  fitThreads?: number;
  fitQueue?: number;
  importMaxBytes: number;
  importMaxRecords: number;
}

const EXAMPLES = new URL("../../../examples/", import.meta.url);

export function serveCommand(version: string): Command {
  return new Command("serve")
    .description(
      "Serve the HTTP API: JSON under /api, the OpenAPI document at /api/openapi.json, a reference at /api/docs",
    )
    .option("--db <url>", "the store: sqlite:PATH or postgres://USER@HOST/DB", "sqlite:prefkit.db")
    .option("--port <n>", "the port to listen on (0: any free port)", wholeNumber("--port"), 8080)
    .option("--host <address>", "the address to listen on (0.0.0.0: every interface)", "127.0.0.1")
    .option("--demo", "seed a demo project from the bundled examples when the database has none")
    .option("--log", "log every request as a JSON line on stdout")
    .option(
      "--rate-limit <n>",
      "requests per minute per token (failed sign-ins: 60 a minute per address)",
      wholeNumber("--rate-limit"),
      600,
    )
    .option(
      "--allow-external-images",
      "let the web UI load images that prompts and responses name on other hosts (their hosts then see who views them)",
    )
    .option(
      "--trust-proxy <trust>",
      "behind a reverse proxy: take the client's address from X-Forwarded-For when the proxy is trusted — true, a hop count, or addresses/CIDRs (10.0.0.0/8,127.0.0.1)",
      trustProxy,
    )
    .option(
      "--fit-threads <n>",
      "threads fitting leaderboards (default: the cores but one)",
      wholeNumber("--fit-threads"),
    )
    .option(
      "--fit-queue <n>",
      "leaderboard fits that may wait for a thread before requests get 503 busy (default: 4 per thread)",
      wholeNumber("--fit-queue"),
    )
    .option(
      "--import-max-bytes <size>",
      "largest an imported file may expand to, decompressed (e.g. 512M); larger files: prefkit import",
      byteSize("--import-max-bytes"),
      DEFAULT_IMPORT_LIMITS.maxBytes,
    )
    .option(
      "--import-max-records <n>",
      "most records an imported file may hold; larger files: prefkit import",
      wholeNumber("--import-max-records"),
      DEFAULT_IMPORT_LIMITS.maxRecords,
    )
    .action(async (flags: Flags) => {
      if (flags.port > 65535) throw new UsageError("--port must be at most 65535");
      if (flags.fitThreads === 0) throw new UsageError("--fit-threads must be at least 1");
      if (flags.rateLimit < 1) throw new UsageError("--rate-limit must be at least 1");
      if (flags.importMaxRecords < 1) {
        throw new UsageError("--import-max-records must be at least 1");
      }
      const adminKey = process.env.PREFKIT_ADMIN_KEY;
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
          version,
        });
      } catch (error) {
        if (error instanceof StartupFault) {
          throw new UsageError(`cannot serve the database given by --db: ${error.message}`);
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE") {
          throw new UsageError(
            `port ${flags.port} is in use — is another prefkit running? Use --port`,
          );
        }
        if (code === "EADDRNOTAVAIL" || code === "EACCES") {
          throw new UsageError(`cannot listen on ${flags.host}:${flags.port} (${code})`);
        }
        const database = databaseProblem(error);
        if (database !== undefined) throw new UsageError(database);
        throw error;
      }
      await server.closed;
    });
}
