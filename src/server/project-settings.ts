/**
 * A project's settings at work: read whatever was stored (settings stored before the schema,
 * free JSON, are read key by key: a valid key is kept, anything else falls back to its
 * default), merged with a change, and applied to ratings. The schemas are the API's
 * (api/project-settings.ts).
 */
import type { z } from "zod";
import {
  type ProjectSettings,
  type ProjectSettingsPatch,
  projectSettings,
  settingFields,
} from "../api/project-settings.js";
import type { NewJudgment, Store } from "../store/store.js";
import { invalid } from "./errors.js";
import { invalidRequest } from "./validate.js";

/**
 * The settings a project has, whatever was stored: valid settings as they are, and for older
 * free-form settings each valid key kept and every other key at its default (an arena then
 * stays an arena, asking for pairs).
 */
export function readSettings(stored: Readonly<Record<string, unknown>>): ProjectSettings {
  const parsed = projectSettings.safeParse(stored);
  if (parsed.success) return parsed.data;
  const settings = {} as Record<string, unknown>;
  for (const [key, schema] of Object.entries(settingFields) as [string, z.ZodType][]) {
    const value = schema.safeParse(stored[key]);
    const read = value.success ? value.data : schema.parse(undefined);
    if (read !== undefined) settings[key] = read;
  }
  const read = settings as ProjectSettings;
  return read.mode === "arena" ? { ...read, task: "pair" } : read;
}

/**
 * The settings after a change, checked as a whole (a change can make a valid pair of keys
 * invalid: mode "arena" over task "rating").
 * @throws InvalidRequest naming `settings.<field>` for each issue.
 */
export function mergeSettings(
  current: ProjectSettings,
  patch: ProjectSettingsPatch,
): ProjectSettings {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  const parsed = projectSettings.safeParse(merged);
  if (parsed.success) return parsed.data;
  throw invalidRequest(parsed.error, "settings");
}

/**
 * Refuses a rating that scores a criterion the project does not have, or outside its scale:
 * what annotators are asked is what gets stored, so every score of a criterion is on one scale.
 * @throws ApiError `invalid` naming `scores.<k>.criterion` or `scores.<k>.score` (and the
 * batch item).
 */
export function checkCriteria(
  judgments: readonly NewJudgment[],
  settings: ProjectSettings,
  batch: boolean,
): void {
  const byId = new Map(settings.criteria.map((c) => [c.id, c]));
  for (const [index, j] of judgments.entries()) {
    if (j.kind !== "rating") continue;
    const item = batch ? index : undefined;
    for (const [k, s] of j.scores.entries()) {
      const c = byId.get(s.criterion);
      if (!c) {
        const known = settings.criteria.map((x) => `"${x.id}"`).join(", ");
        throw invalid(
          `scores.${k}.criterion`,
          `unknown criterion: this project rates ${known}`,
          item,
        );
      }
      if (s.score < c.min || s.score > c.max) {
        throw invalid(
          `scores.${k}.score`,
          `expected a score from ${c.min} to ${c.max} ("${c.id}")`,
          item,
        );
      }
    }
  }
}

/**
 * The project's settings as stored now. The project a request carries may be a few seconds
 * old (plugins/lookups.ts caches projects), but whether a vote is revealed, or may be undone,
 * must follow a change of mode at once.
 */
export async function currentSettings(store: Store, projectId: string): Promise<ProjectSettings> {
  return readSettings((await store.getProject(projectId))?.settings ?? {});
}
