/**
 * Field schemas that also accept the text CSV gives for a number or a boolean, so a dataset
 * reads the same from CSV as from JSON Lines ("3" is 3, "true" is true). Anything else is
 * still refused with zod's message.
 */
import { z } from "zod";

const NUMBER_TEXT = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export const numberLike = z.union([
  z.number(),
  z
    .string()
    .regex(NUMBER_TEXT, "expected a number")
    .transform((text) => Number(text)),
]);

export const booleanLike = z.union([
  z.boolean(),
  z
    .enum(["true", "false", "True", "False", "TRUE", "FALSE"])
    .transform((text) => text.toLowerCase() === "true"),
]);
