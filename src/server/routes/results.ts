/**
 * What a project's judgments add up to: leaderboards (cached per project, query and judgment
 * version) and exports in every dataset format (streamed).
 */
import { Readable } from "node:stream";
import { z } from "zod";
import { exportLines } from "../export-stream.js";
import { projectLeaderboard } from "../leaderboard.js";
import { route } from "../route.js";
import { exportQuery, leaderboardOutput, leaderboardQuery } from "../schemas.js";

const tag = "results";

export const resultRoutes = [
  route({
    method: "GET",
    path: "/api/projects/{id}/leaderboard",
    tag,
    summary: "Leaderboard with bootstrap intervals",
    description:
      "Bradley-Terry (or Davidson, Rao-Kupper) ratings on the Arena Elo scale with bootstrap confidence intervals, from pairwise judgments and, unless `graded=false`, battles derived from rankings and ratings. The JSON is `prefkit leaderboard --format json`'s; groups too small to fit are listed under `skipped`. Cached until the next judgment.",
    access: ["admin", "viewer"],
    project: true,
    query: leaderboardQuery,
    responses: { 200: { description: "The report", schema: leaderboardOutput } },
    async handler({ store, project, query, services }) {
      const judgmentVersion = await store.judgmentVersion(project.id);
      const key = JSON.stringify([project.id, query, judgmentVersion]);
      let report = services.leaderboards.get(key);
      if (!report) {
        report = projectLeaderboard(store, project.id, query, {
          version: services.version,
          judgmentVersion,
        });
        services.leaderboards.set(key, report);
        // A failure is not cached: the next request tries again.
        report.catch(() => services.leaderboards.delete(key));
      }
      return { status: 200, body: await report };
    },
  }),
  route({
    method: "GET",
    path: "/api/projects/{id}/export",
    tag,
    summary: "Export the project as a dataset",
    description:
      "JSON Lines, streamed (chunked): `prefkit` writes every canonical entry (prompts, systems, candidates, judgments); the other formats derive what they hold from the judgments, as `prefkit convert` does, leaving out what a format cannot hold.",
    access: ["admin"],
    project: true,
    query: exportQuery,
    responses: {
      200: {
        description: "The dataset, one record per line",
        schema: z.string(),
        contentType: "application/x-ndjson",
      },
    },
    async handler({ store, project, query, reply }) {
      const name = `${project.id}-${query.format}.jsonl`.replace(/[^\w.-]/g, "_");
      reply.header("content-disposition", `attachment; filename="${name}"`);
      const stream = Readable.from(exportLines(store, project.id, query.format, query.style));
      return { status: 200, body: stream, type: "application/x-ndjson; charset=utf-8" };
    },
  }),
];
