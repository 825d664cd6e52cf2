/**
 * The admin key at first start. A key given by the operator (PREFKIT_ADMIN_KEY, read by the
 * CLI) gets an admin with its hash unless one exists; with no key given and no admin in the
 * store, an admin is created with a fresh key, which is printed once — it is never stored.
 */
import { usageError } from "../core/issue.js";
import type { Store } from "../store/store.js";
import { hashToken, newToken } from "./auth.js";

export interface AdminKeyOptions {
  /** The operator's key; at least 16 characters. */
  adminKey?: string;
  /** Where the fresh key is shown (stderr in the CLI). */
  print: (line: string) => void;
  /** For tests: the fresh token to use. */
  generate?: () => string;
}

export type AdminKeyResult =
  | { kind: "given"; created: boolean }
  | { kind: "existing" }
  | { kind: "created"; token: string };

export const MIN_ADMIN_KEY_LENGTH = 16;

/**
 * Makes sure the store has an admin someone can sign in as.
 * @throws IssueError `usage` when the given key is shorter than 16 characters or has white space.
 */
export async function ensureAdminKey(
  store: Store,
  options: AdminKeyOptions,
): Promise<AdminKeyResult> {
  const { adminKey } = options;
  if (adminKey !== undefined) {
    if (adminKey.length < MIN_ADMIN_KEY_LENGTH || /\s/.test(adminKey)) {
      throw usageError(
        `PREFKIT_ADMIN_KEY must be at least ${MIN_ADMIN_KEY_LENGTH} characters without spaces`,
      );
    }
    const tokenHash = hashToken(adminKey);
    const found = await store.findAnnotatorByTokenHash(tokenHash);
    if (found && found.role !== "admin") {
      throw usageError("PREFKIT_ADMIN_KEY is the token of a non-admin annotator");
    }
    if (found) return { kind: "given", created: false };
    try {
      await store.createAnnotator({ name: "admin", role: "admin", tokenHash });
    } catch (error) {
      // Another server starting on the same database made it first: fine if it is an admin.
      const made = await store.findAnnotatorByTokenHash(tokenHash);
      if (made?.role === "admin") return { kind: "given", created: false };
      throw error;
    }
    return { kind: "given", created: true };
  }
  const annotators = await store.listAnnotators();
  if (annotators.some((a) => a.role === "admin")) return { kind: "existing" };
  const token = (options.generate ?? newToken)();
  await store.createAnnotator({ name: "admin", role: "admin", tokenHash: hashToken(token) });
  options.print(`prefkit: admin key (shown once): ${token}`);
  return { kind: "created", token };
}
