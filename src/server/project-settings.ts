/**
 * A project's settings: how its annotators work (a blind `arena` or an annotation `queue`), what
 * the queue asks, the rating criteria, and the instructions annotators read. Checked at the API's
 * edge — strictly: an unknown key is a 400, so a typo ("modes") never passes silently — and
 * stored whole, defaults filled in, so changing a default later never changes a project that
 * exists. Settings stored before this schema (free JSON) are read key by key: a valid key is
 * kept, anything else falls back to its default.
 */
import { z } from "zod";
import { type NewJudgment, type Store, TASK_KINDS } from "../store/store.js";
import { invalid } from "./errors.js";
import { zodFieldIssue } from "./validate.js";

const criterion = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, "use 1 to 64 letters, digits, '.', '_' or '-'")
      .describe("What a rating's `scores[].criterion` names"),
    label: z.string().min(1).max(200).optional().describe("What annotators read"),
    min: z.number().describe("The lowest score"),
    max: z.number().describe("The highest score"),
  })
  .refine((c) => c.min < c.max, { message: "expected max greater than min", path: ["max"] });

const DEFAULT_CRITERIA = [{ id: "overall", min: 1, max: 5 }];

/** Each setting as it may be sent. */
const given = {
  mode: z
    .enum(["arena", "queue"])
    .describe(
      "`arena`: blind pairs, the systems revealed in the vote's answer, votes final. `queue`: an annotation queue — no reveal, and annotators may undo their own judgments of any kind.",
    ),
  task: z
    .enum(TASK_KINDS)
    .describe("What the queue asks (`tasks/next?kind=`); an arena always asks for pairs"),
  strength: z
    .boolean()
    .describe(
      "Pairwise votes ask how strongly: A≫B / A>B / tie / B>A / B≫A, sent as `outcome` with `strength` 1 (≫) or 0.5 (>)",
    ),
  ranking_size: z
    .number()
    .int()
    .min(2)
    .max(20)
    .describe("Candidates in a ranking task when `tasks/next` is not given `size`"),
  criteria: z
    .array(criterion)
    .min(1)
    .max(20)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((c, i) => {
        if (seen.has(c.id)) {
          ctx.addIssue({ code: "custom", path: [i, "id"], message: `criterion "${c.id}" twice` });
        }
        seen.add(c.id);
      });
    })
    .describe("What a rating scores, each on its own scale from min to max"),
  instructions: z
    .string()
    .max(10_000)
    .describe("Shown to annotators (Markdown; the UI sanitises it as it does model output)"),
};

/** Each setting with its default; `instructions` alone may be absent. */
const fields = {
  mode: given.mode.default("arena"),
  task: given.task.default("pair"),
  strength: given.strength.default(false),
  ranking_size: given.ranking_size.default(4),
  criteria: given.criteria.default(() => DEFAULT_CRITERIA.map((c) => ({ ...c }))),
  instructions: given.instructions.optional(),
};

type Settings = z.output<z.ZodObject<typeof fields>>;

const arenaAsksForPairs = (s: Settings, ctx: z.RefinementCtx) => {
  if (s.mode === "arena" && s.task !== "pair") {
    ctx.addIssue({
      code: "custom",
      path: ["task"],
      message: 'an arena asks for pairs: use task "pair", or mode "queue"',
    });
  }
};

/** Settings as created and as answered: every key but `instructions` filled in. */
export const projectSettings = z.strictObject(fields).superRefine(arenaAsksForPairs);

export type ProjectSettings = z.output<typeof projectSettings>;

/**
 * A change to settings: the keys sent replace the stored ones (a list such as `criteria` as a
 * whole); `instructions: null` removes the instructions.
 */
export const projectSettingsPatch = z.strictObject({
  mode: given.mode.optional(),
  task: given.task.optional(),
  strength: given.strength.optional(),
  ranking_size: given.ranking_size.optional(),
  criteria: given.criteria.optional(),
  instructions: given.instructions
    .nullable()
    .optional()
    .describe("Shown to annotators; null removes them"),
});

export type ProjectSettingsPatch = z.output<typeof projectSettingsPatch>;

/**
 * The settings a project has, whatever was stored: valid settings as they are, and for older
 * free-form settings each valid key kept and every other key at its default (an arena then
 * stays an arena, asking for pairs).
 */
export function readSettings(stored: Readonly<Record<string, unknown>>): ProjectSettings {
  const parsed = projectSettings.safeParse(stored);
  if (parsed.success) return parsed.data;
  const settings = {} as Record<string, unknown>;
  for (const [key, schema] of Object.entries(fields) as [string, z.ZodType][]) {
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
 * @throws ApiError `invalid` naming `settings.<field>`.
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
  const issue = zodFieldIssue(parsed.error);
  throw invalid(`settings.${issue.field}`, issue.message);
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
