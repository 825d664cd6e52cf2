/**
 * What a project's judgments add up to: leaderboards (cached per project, query and judgment
 * version) and exports in every dataset format and file type (export-stream.ts).
 */
import { z } from "zod";
import * as api from "../../api/index.js";
import { clientGone } from "../client-gone.js";
import { exportRecords } from "../export-records.js";
import { exportBody } from "../export-stream.js";
import { projectLeaderboard } from "../leaderboard.js";
import { route } from "../route.js";

const tag = "results";

export const resultRoutes = [
  route({
    method: "GET",
    path: "/api/projects/{id}/categories",
    tag,
    summary: "The categories of the project's prompts",
    description:
      "Sorted, with how many prompts each has: the choices of the leaderboard's `category` filter (one `by=category` request fits at most 100 of them).",
    access: ["admin", "viewer"],
    project: true,
    responses: { 200: { description: "The categories", schema: api.categoriesOutput } },
    async handler({ store, project }) {
      const categories = await store.promptCategories(project.id);
      return {
        status: 200,
        body: { categories: categories.map((c) => ({ name: c.category, prompts: c.prompts })) },
      };
    },
  }),
  route({
    method: "GET",
    path: "/api/projects/{id}/judges",
    tag,
    summary: "The AI judges of the project's judgments",
    description:
      "Sorted by name, with how many judgments each made: the choices of the leaderboard's `judge` filter. A judge job's judgments are stored under its judge's system id, a jury's under `jury:<method>`.",
    access: ["admin", "viewer"],
    project: true,
    responses: { 200: { description: "The judges", schema: api.judgesOutput } },
    async handler({ store, project }) {
      const judges = await store.projectJudges(project.id);
      return {
        status: 200,
        body: { judges: judges.map((j) => ({ name: j.judge, judgments: j.judgments })) },
      };
    },
  }),
  route({
    method: "GET",
    path: "/api/projects/{id}/leaderboard",
    tag,
    summary: "Leaderboard with bootstrap intervals",
    description:
      "Bradley-Terry (or Davidson, Rao-Kupper) ratings on the Arena Elo scale with bootstrap confidence intervals, from pairwise judgments and, unless `graded=false`, battles derived from rankings and ratings. The JSON is `prefkit leaderboard --format json`'s; groups too small to fit are listed under `skipped`. Cached until the next judgment. One request fits at most 100 groups (`by=category`) and 20,000 bootstrap rounds over all of them (400 past either); when the server's fit threads and queue are full the answer is 503 `busy` with Retry-After.",
    access: ["admin", "viewer"],
    project: true,
    query: api.leaderboardQuery,
    responses: { 200: { description: "The report", schema: api.leaderboardOutput } },
    async handler({ store, project, query, services, reply }) {
      const judgmentVersion = await store.judgmentVersion(project.id);
      const key = JSON.stringify([project.id, query, judgmentVersion]);
      const cached = services.leaderboards.get(key);
      if (cached !== undefined) return { status: 200, body: cached };
      // Identical requests share one fit, which stops once all their clients have gone.
      const report = await services.fitting.run(
        key,
        (signal) =>
          projectLeaderboard(store, project.id, query, {
            version: services.version,
            judgmentVersion,
            fits: services.fits,
            signal,
          }),
        clientGone(reply),
      );
      services.leaderboards.set(key, report);
      return { status: 200, body: report };
    },
  }),
  route({
    method: "GET",
    path: "/api/projects/{id}/export",
    tag,
    summary: "Export the project as a dataset",
    description:
      "The project in a dataset `format`: `prefkit` writes every canonical entry (prompts, systems, candidates, judgments); the other formats derive what they hold from the judgments, as `prefkit convert` does, leaving out what a format cannot hold. The file `type`: `jsonl` and `json` (an array), plain or `.gz`, are streamed (chunked) as the records are read; `csv`, `csv.gz` and `parquet` are written in full before the first byte is sent, so a record the type cannot hold — a nested value in CSV, as in `prefkit` entries or conversational TRL records — is a 400 on `type` naming the record's field, never a broken file. Read back with prefkit's readers (`prefkit inspect`, `convert`, the import route), every type gives the JSON Lines records, except that CSV gives every value as text.",
    access: ["admin"],
    project: true,
    query: api.exportQuery,
    responses: {
      200: {
        description:
          "The dataset file, named `<project>-<format>.<type>` by Content-Disposition; application/gzip for the .gz types",
        schema: z.string(),
        contentType: [
          "application/x-ndjson",
          "application/json",
          "text/csv",
          "application/vnd.apache.parquet",
          "application/gzip",
        ],
      },
    },
    async handler({ store, project, query, reply }) {
      const records = exportRecords(store, project.id, query.format, query.style);
      // Written first for CSV and Parquet: a refused record throws here, before any header.
      const body = await exportBody(records, query.type);
      const name = `${project.id}-${query.format}.${query.type}`.replace(/[^\w.-]/g, "_");
      reply.header("content-disposition", `attachment; filename="${name}"`);
      if (body.bytes !== undefined) reply.header("content-length", body.bytes);
      // A backstop: should the stream never be sent to the end, closing the response closes
      // it (fastify does so itself when the client goes away), which removes a temporary file.
      reply.raw.once("close", () => body.stream.destroy());
      return { status: 200, body: body.stream, type: body.contentType };
    },
  }),
];
