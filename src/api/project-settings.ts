/**
 * A project's settings as the API takes and gives them: how its annotators work (a blind
 * `arena` or an annotation `queue`), what the queue asks, the rating criteria, and the
 * instructions annotators read. Strict: an unknown key is a 400, so a typo ("modes") never
 * passes silently. Stored whole, defaults filled in, so changing a default later never changes
 * a project that exists (server/project-settings.ts reads older settings key by key).
 */
import { z } from "zod";
import { taskKind } from "./fields.js";

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

/** Most live systems one project may name. */
export const MAX_LIVE_SYSTEMS = 32;

const DEFAULT_CRITERIA = [{ id: "overall", min: 1, max: 5 }];

/** Each setting as it may be sent. */
const given = {
  mode: z
    .enum(["arena", "queue"])
    .describe(
      "`arena`: blind pairs, the systems revealed in the vote's answer, votes final. `queue`: an annotation queue — no reveal, and annotators may undo their own judgments of any kind.",
    ),
  task: taskKind.describe(
    "What the queue asks (`tasks/next?kind=`); an arena always asks for pairs",
  ),
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
  live_systems: z
    .array(z.string().min(1).max(200))
    .max(MAX_LIVE_SYSTEMS)
    .describe(
      "A live arena: the ids of the systems (of the server's `--systems` config) that answer annotators' prompts as they watch, two at a time. Empty or absent: not live. Only in an arena; at least two. Shown to admins only: annotators read `live`.",
    ),
};

/** Each setting with its default; `instructions` alone may be absent. */
export const settingFields = {
  mode: given.mode.default("arena"),
  task: given.task.default("pair"),
  strength: given.strength.default(false),
  ranking_size: given.ranking_size.default(4),
  criteria: given.criteria.default(() => DEFAULT_CRITERIA.map((c) => ({ ...c }))),
  instructions: given.instructions.optional(),
  live_systems: given.live_systems.optional(),
};

type Settings = z.output<z.ZodObject<typeof settingFields>>;

const arenaAsksForPairs = (s: Settings, ctx: z.RefinementCtx) => {
  if (s.mode === "arena" && s.task !== "pair") {
    ctx.addIssue({
      code: "custom",
      path: ["task"],
      message: 'an arena asks for pairs: use task "pair", or mode "queue"',
    });
  }
  const live = s.live_systems ?? [];
  if (live.length === 0) return;
  if (s.mode !== "arena") {
    ctx.addIssue({
      code: "custom",
      path: ["live_systems"],
      message: 'live systems answer in an arena only: use mode "arena", or an empty list',
    });
  }
  if (live.length < 2) {
    ctx.addIssue({
      code: "custom",
      path: ["live_systems"],
      message: "a live arena needs at least two systems (or an empty list: not live)",
    });
  }
  const seen = new Set<string>();
  live.forEach((id, i) => {
    if (seen.has(id)) {
      ctx.addIssue({ code: "custom", path: ["live_systems", i], message: `"${id}" twice` });
    }
    seen.add(id);
  });
};

/** Settings as created and as answered: every key but `instructions` filled in. */
export const projectSettings = z.strictObject(settingFields).superRefine(arenaAsksForPairs);

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
  live_systems: given.live_systems.optional().describe("Replaces the list; [] ends live answers"),
});

export type ProjectSettingsPatch = z.output<typeof projectSettingsPatch>;
