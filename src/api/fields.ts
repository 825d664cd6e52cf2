/**
 * The small field schemas several API shapes share: ids that go in URLs, labels, roles, task
 * kinds, dataset formats and the query string's booleans.
 */
import { z } from "zod";
import { TASK_KINDS } from "../core/types.js";
import { DATASET_FORMATS, type DatasetFormat } from "../formats/dataset/dataset-formats.js";
import { FIELD_LIMITS } from "../formats/dataset/field-limits.js";

/** Ids that go in URLs: letters, digits, `.`, `_`, `-`. */
export const urlId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,128}$/, "use 1 to 128 letters, digits, '.', '_' or '-'");

export const role = z.enum(["admin", "annotator", "viewer"]);

/** A name that becomes a field of stored judgments: a label (FIELD_LIMITS). */
export const label = z
  .string()
  .min(1)
  .max(FIELD_LIMITS.label, `at most ${FIELD_LIMITS.label} characters`);

/** What annotators are asked: `tasks/next?kind=` and a queue's `settings.task`. */
export const taskKind = z.enum(TASK_KINDS);

export const datasetFormat = z.enum(DATASET_FORMATS as [DatasetFormat, ...DatasetFormat[]]);

/** A boolean in a query string. */
export const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
