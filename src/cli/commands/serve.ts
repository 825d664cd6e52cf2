/**
 * `prefkit serve [--db URL] [--port N] [--host H] [--demo] [--systems FILE]`: the HTTP API over
 * a store. The admin key comes from PREFKIT_ADMIN_KEY, or is made at first start and printed
 * once. `--systems` names the live arena's systems (an llm config: llm/config.ts); their API
 * keys are read from the environment, each variable checked before the server listens. The
 * definition only; the server loads when the command runs (serve-run.ts).
 */
import { Command } from "commander";
import { DEFAULT_IMPORT_LIMITS } from "../../app/import/import-limits.js";
import { byteSize, trustProxy, wholeNumber } from "../options.js";
import type { Flags } from "./serve-run.js";

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
      "--systems <file>",
      "live systems for live arenas (YAML or JSON: model, base_url, api_key_env, …); projects name them in settings.live_systems",
    )
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
      const { runServe } = await import("./serve-run.js");
      await runServe(flags, version);
    });
}
