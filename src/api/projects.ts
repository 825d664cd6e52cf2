/** Projects: what creating and changing one takes, and how a project and its progress read. */
import { z } from "zod";
import { urlId } from "./fields.js";
import { projectSettings, projectSettingsPatch } from "./project-settings.js";

const projectName = z.string().min(1).max(200);

export const projectInput = z.strictObject({
  id: urlId.optional(),
  name: projectName,
  settings: projectSettings.optional().describe("Left out: every setting at its default"),
});

export const projectPatch = z.strictObject({
  name: projectName.optional(),
  settings: projectSettingsPatch
    .optional()
    .describe("The settings to change; the others keep their values"),
});

export const projectOutput = z.object({
  id: z.string(),
  name: z.string(),
  settings: projectSettings.describe(
    "Every setting, defaults filled in (`live_systems` for admins only)",
  ),
  live: z
    .boolean()
    .describe(
      "A live arena: annotators write (or sample) a prompt and two anonymous systems answer it as they watch (`POST /api/projects/{id}/live`)",
    ),
  created_at: z.string(),
});

export const projectResponse = z.object({ project: projectOutput });
export const projectsResponse = z.object({ projects: z.array(projectOutput) });

export const progressResponse = z.object({
  progress: z.array(
    z.object({
      annotator: z.string(),
      name: z.string().nullable(),
      judgments: z.number().int(),
    }),
  ),
});
