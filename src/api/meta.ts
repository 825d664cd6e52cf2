/** The API about itself, and the shape of every error it answers. */
import { z } from "zod";

export const healthResponse = z.object({ ok: z.literal(true) });

export const openApiResponse = z.record(z.string(), z.unknown());

const located = {
  field: z.string().optional(),
  index: z.number().int().optional().describe("The item of a list or batch"),
};

export const errorOutput = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    ...located,
    line: z.number().int().optional().describe("The line of an imported file"),
    issues: z
      .array(z.object({ field: z.string(), message: z.string(), index: located.index }))
      .optional()
      .describe(
        "Every problem of an invalid request (all of a body's fields at fault, not just the first); `code`, `message`, `field` and `index` above are the first of them",
      ),
  }),
});
