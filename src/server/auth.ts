/**
 * Bearer tokens: 32 random bytes, base64url, prefixed `pk_`. Only their SHA-256 (hex) is
 * stored; a request's token is hashed, looked up by hash, and the stored hash compared with
 * `timingSafeEqual`, so no step's timing depends on how much of a guess was right.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { AnnotatorRecord, AnnotatorsStore } from "../store/store.js";
import { ApiError } from "./errors.js";

const TOKEN_PREFIX = "pk_";

/** A fresh token; shown once to whoever it is for, never stored. */
export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** SHA-256 of a token, hex: what the store keeps. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Constant-time equality of two hex SHA-256 digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!match)
    throw new ApiError("unauthorized", "the Authorization header must be 'Bearer <token>'");
  return match[1];
}

/** Who is calling: the annotator record the token belongs to, and the token's hash. */
export interface Principal {
  annotator: AnnotatorRecord;
  tokenHash: string;
}

/**
 * The principal of a token, or undefined for an unknown one. When the store returns the stored
 * hash with the record (`tokenHash`), it is compared in constant time; the lookup itself is by
 * an index on the hash, which reveals nothing about the token.
 */
export async function authenticate(
  store: AnnotatorsStore,
  token: string,
): Promise<Principal | undefined> {
  const tokenHash = hashToken(token);
  const found = await store.findAnnotatorByTokenHash(tokenHash);
  // The index lookup found the row; the constant-time comparison is what decides.
  if (!found || !sameHash(tokenHash, found.tokenHash)) return undefined;
  const { tokenHash: _stored, ...annotator } = found;
  return { annotator, tokenHash };
}

/** Admins may work on every project; everyone else on the projects they are assigned to. */
export function mayAccessProject(annotator: AnnotatorRecord, projectId: string): boolean {
  return annotator.role === "admin" || annotator.projects.includes(projectId);
}
