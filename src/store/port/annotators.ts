/** Annotators: who may sign in (by a token's hash), with which role, on which projects. */

export type Role = "admin" | "annotator" | "viewer";

export interface AnnotatorRecord {
  id: string;
  name: string;
  role: Role;
  attributes: Readonly<Record<string, string>>;
  /** Projects the annotator may work on (admins: all). */
  projects: readonly string[];
  createdAt: string;
}

export interface NewAnnotator {
  name: string;
  role: Role;
  attributes?: Record<string, string>;
  projects?: readonly string[];
  /** SHA-256 of the token, hex; the token itself is never stored. */
  tokenHash: string;
}

/** What `updateAnnotator` changes; `attributes` and `projects` replace the whole set. */
export interface AnnotatorChanges {
  name?: string;
  role?: Role;
  attributes?: Record<string, string>;
  projects?: readonly string[];
}

export interface AnnotatorsStore {
  createAnnotator(input: NewAnnotator): Promise<AnnotatorRecord>;
  /** The annotator holding this token hash, with the hash as stored. */
  findAnnotatorByTokenHash(
    tokenHash: string,
  ): Promise<(AnnotatorRecord & { tokenHash: string }) | undefined>;
  getAnnotator(id: string): Promise<AnnotatorRecord | undefined>;
  /**
   * Changes any of name, role, attributes and projects (those two replaced whole), in one
   * transaction; returns the annotator as stored.
   * @throws StoreError `not_found` on "id", `invalid` on "role" or "attributes.<name>",
   * `unknown_reference` on "projects.<index>", `last_admin` on "role" for demoting the last admin
   * who can sign in.
   */
  updateAnnotator(id: string, changes: AnnotatorChanges): Promise<AnnotatorRecord>;
  /**
   * Gives the annotator a new token hash: the old token stops working at once.
   * @throws StoreError `not_found` on "id", `invalid` or `duplicate_id` on "token_hash".
   */
  replaceAnnotatorToken(id: string, tokenHash: string): Promise<AnnotatorRecord>;
  /**
   * Revokes the annotator's token (no token signs in as them until `replaceAnnotatorToken`);
   * revoking twice is fine.
   * @throws StoreError `not_found` on "id", `last_admin` on "id" for the last admin who can
   * sign in.
   */
  revokeAnnotatorToken(id: string): Promise<void>;
  /** All annotators; with a project, its members and every admin. */
  listAnnotators(projectId?: string): Promise<AnnotatorRecord[]>;
  /** Judgments per annotator in a project (admin progress view); members without any count 0. */
  progress(projectId: string): Promise<{ annotatorId: string; judgments: number }[]>;
}
