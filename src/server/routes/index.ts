/**
 * Every route of the API, in the order the reference lists them. Each declares who may call it
 * (`access`, and `project` for routes on one project): this table is the authorisation rule.
 */
import type { AnyRoute } from "../route.js";
import { annotatorRoutes } from "./annotators.js";
import { contentRoutes } from "./content.js";
import { judgmentRoutes } from "./judgments.js";
import { liveRoutes } from "./live.js";
import { metaRoutes } from "./meta.js";
import { projectRoutes } from "./projects.js";
import { qualityRoutes } from "./quality.js";
import { resultRoutes } from "./results.js";

export const ROUTES: readonly AnyRoute[] = [
  ...metaRoutes,
  ...projectRoutes,
  ...contentRoutes,
  ...judgmentRoutes,
  ...liveRoutes,
  ...resultRoutes,
  ...qualityRoutes,
  ...annotatorRoutes,
];
