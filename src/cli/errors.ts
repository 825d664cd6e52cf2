import { IssueError } from "../core/issue.js";

/** A mistake in how the command was called: reported without a stack, exit code 2. */
export class UsageError extends IssueError {
  constructor(message: string) {
    super({ code: "usage", message });
    this.name = "UsageError";
  }
}
