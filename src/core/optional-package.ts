/**
 * Packages only some features need (pg for PostgreSQL, vega for plots) are optional
 * dependencies, loaded by dynamic import where used. When one is not installed, the feature
 * says so and how to fix it, instead of Node's "Cannot find package" from deep inside.
 */
import { IssueError } from "./issue.js";

export interface OptionalPackages {
  /** What needs them, as the user asked for it ("PostgreSQL support", "--plot"). */
  feature: string;
  /** The packages `load` imports (directly or through the modules it imports). */
  packages: readonly string[];
}

/**
 * Runs `load` (a dynamic import); when it fails because one of `packages` is not installed,
 * throws a `usage` IssueError naming it and the install command. Any other failure (a package
 * installed but broken, another module missing) is rethrown as it is.
 * @example const { default: pg } = await loadOptional({ feature: "PostgreSQL support", packages: ["pg"] }, () => import("pg"));
 * @throws IssueError `usage`: "PostgreSQL support needs the 'pg' package: npm install pg".
 */
export async function loadOptional<T>(needs: OptionalPackages, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const missing = missingPackage(error, needs.packages);
    if (missing === undefined) throw error;
    throw new IssueError({
      code: "usage",
      message: `${needs.feature} needs the '${missing}' package: npm install ${needs.packages.join(" ")}`,
    });
  }
}

/** Which of `packages` Node could not find ("Cannot find package 'pg' imported from …"). */
function missingPackage(error: unknown, packages: readonly string[]): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== "ERR_MODULE_NOT_FOUND" || typeof message !== "string") return undefined;
  return packages.find((name) => message.includes(`'${name}'`));
}
