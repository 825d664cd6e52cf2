/**
 * A judge job's spec as stored with the job (jobs are JSON in the database), read back through
 * `parseJudgeSpec` by whichever process runs the job — a `prefkit judge` run, a resume, or a
 * worker on another machine. The template travels whole and is checked again here exactly as a
 * template file is (llm/judge/template-file.ts: schema, patterns that compile, declared
 * variables), so a worker renders and parses with a template it has verified, never one it
 * assumes. The judges are systems as generate's spec stores them (a key's variable, never a key).
 */
import { z } from "zod";
import { describeIssue, IssueError } from "../../core/issue.js";
import { judgeTemplateSchema, parseJudgeTemplate } from "../../llm/judge/template-file.js";
import { generateSpecSchema } from "../generate/spec.js";
import type { JudgeSpec } from "./types.js";

export { JobFingerprint } from "../generate/spec.js";

/** Most calls an item may make for one verdict (each a paid call). */
export const MAX_PARSE_ATTEMPTS = 10;

const judgeSystem = generateSpecSchema.shape.systems.element;

export const judgeSpecSchema = z
  .object({
    version: z.literal(1),
    judges: z.array(judgeSystem).min(1),
    template: judgeTemplateSchema,
    orders: z.enum(["both", "one"]),
    combine: z.enum(["arena-hard", "mt-bench", "both"]),
    strongWeight: z.number().int().min(1),
    permutations: z.number().int().min(1),
    jury: z.enum(["majority", "mean", "weighted"]).optional(),
    parseAttempts: z.number().int().min(1).max(MAX_PARSE_ATTEMPTS),
    output: z.discriminatedUnion("kind", [
      z.object({
        kind: z.literal("file"),
        path: z.string().min(1),
        format: z.enum(["canonical", "arena", "trl"]),
      }),
      z.object({ kind: z.literal("project"), projectId: z.string().min(1) }),
    ]),
    freshNonce: z.string().optional(),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.judges.forEach((judge, i) => {
      if (seen.has(judge.id))
        ctx.addIssue({
          code: "custom",
          path: ["judges", i, "id"],
          message: `judge "${judge.id}" is named twice`,
        });
      seen.add(judge.id);
    });
    if (spec.jury !== undefined && spec.judges.length < 2)
      ctx.addIssue({ code: "custom", path: ["jury"], message: "a jury needs at least 2 judges" });
  });

/**
 * The spec of a stored job, its template checked as a template file is.
 * @throws {Error} naming the job and the first problem's field when the spec is not a valid
 *   judge spec (a newer prefkit's, say, or a template edited in the database).
 */
export function parseJudgeSpec(spec: unknown, jobId: string): JudgeSpec {
  const parsed = judgeSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(
      `job ${jobId} has no valid judge spec (${first?.path.join(".") ?? ""}: ${first?.message ?? "invalid"})`,
    );
  }
  let template: JudgeSpec["template"];
  try {
    template = parseJudgeTemplate(JSON.stringify(parsed.data.template), "template");
  } catch (error) {
    if (!(error instanceof IssueError)) throw error;
    const issue = error.issues[0]!;
    const { field } = issue.location ?? {};
    const message = describeIssue({ ...issue, location: field === undefined ? {} : { field } });
    throw new Error(`job ${jobId} has no valid judge spec (template.${message})`);
  }
  // zod leaves absent optional fields out: the value is the stored spec, with its types.
  return { ...(parsed.data as Omit<JudgeSpec, "template">), template };
}
