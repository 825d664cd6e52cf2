/**
 * Why the store refused a write, as an issue (core/issue.ts): the code, and the field (and the
 * batch item) it is about, named as the API names them.
 */
import { IssueError } from "../../core/issue.js";

/** A write names what is not there, or is there already (under its id or idempotency key). */
type ReferenceCode = "not_found" | "unknown_reference" | "duplicate_id" | "idempotency_conflict";
/**
 * A rule of annotation: a second judgment of a task, an arena vote on a pair not served
 * (OnceRule), a change that would leave no admin who can sign in.
 */
type RuleCode = "already_judged" | "not_served" | "last_admin";

/** The issue codes (core/issue.ts) the store refuses a write with. */
export type StoreErrorCode = "invalid" | ReferenceCode | RuleCode;

/** Which list of an `addEntries` call a StoreError's `index` counts in. */
export type EntryPart = "prompts" | "systems" | "candidates" | "judgments";

/** Why a write was refused; `index` is the item of a batch, `field` as the API names it. */
export class StoreError extends IssueError {
  declare readonly code: StoreErrorCode;

  constructor(
    code: StoreErrorCode,
    readonly field: string,
    readonly reason: string,
    readonly index?: number,
    /** Which list of an `addEntries` call `index` counts in. */
    readonly part?: EntryPart,
  ) {
    super({
      code,
      message: reason,
      location: index === undefined ? { field } : { field, index },
    });
    // The store's own wording ("3.a: unknown candidate"), which callers and tests match on.
    this.message = `${index === undefined ? "" : `${index}.`}${field}: ${reason}`;
    this.name = "StoreError";
  }
}
