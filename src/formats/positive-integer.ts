import { usageError } from "../core/issue.js";

/** `value` when it is a positive safe integer; a usage error naming `name` otherwise. */
export function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw usageError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}
