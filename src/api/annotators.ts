/** People: inviting and changing annotators, viewers and admins, and the tokens they get. */
import { z } from "zod";
import { attributes } from "../formats/dataset/prefkit-canonical-schema.js";
import { role, urlId } from "./fields.js";

export const annotatorInput = z.strictObject({
  name: z.string().min(1).max(200),
  role,
  attributes: attributes.optional(),
  projects: z.array(urlId).max(1000).optional(),
});

/** Any of an annotator's fields; `attributes` and `projects` replace the whole set. */
export const annotatorPatch = annotatorInput.partial();

export const annotatorsQuery = z.strictObject({ project: urlId.optional() });

export const annotatorOutput = z.object({
  id: z.string(),
  name: z.string(),
  role,
  attributes,
  projects: z.array(z.string()),
  created_at: z.string(),
});

export const annotatorResponse = z.object({ annotator: annotatorOutput });
export const annotatorsResponse = z.object({ annotators: z.array(annotatorOutput) });

/** A token handed out, shown this once, with the web UI's sign-in link. */
export const issuedResponse = z.object({
  annotator: annotatorOutput,
  token: z.string(),
  invite: z.string(),
});
