/**
 * One store test suite, run on every dialect: `describeStore(title, body)` runs `body` once on
 * a fresh SQLite file and once on a fresh PostgreSQL schema (`prefkit_test_<random>`, dropped
 * afterwards). When PostgreSQL is not reachable its half is skipped with the reason in the test
 * title — unless PREFKIT_REQUIRE_POSTGRES=1 (CI), where it fails.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Kysely, Migrator } from "kysely";
import { afterAll, beforeAll, describe, it } from "vitest";
import type {
  Candidate,
  CandidateId,
  Judgment,
  Message,
  Prompt,
  PromptId,
  SystemId,
} from "../../src/core/types.js";
import { migrationProvider } from "../../src/store/migrations/index.js";
import { openStore } from "../../src/store/open-store.js";
import { openPostgres } from "../../src/store/postgres/open-postgres.js";
import { parsePostgresUrl } from "../../src/store/postgres/postgres-url.js";
import type { Database } from "../../src/store/schema.js";
import { openSqlite } from "../../src/store/sqlite/open-sqlite.js";
import { type Dialect, type NewJudgment, type Store, StoreError } from "../../src/store/store.js";
import { POSTGRES_URL, postgresProblem, postgresTarget, redactedUrl } from "./postgres-target.js";

const REQUIRE_POSTGRES = process.env.PREFKIT_REQUIRE_POSTGRES === "1";
const pgProblem = await postgresProblem();

/** A fresh, empty database of one dialect. */
export interface TestDatabase {
  dialect: Dialect;
  url: string;
  drop(): Promise<void>;
}

export async function freshDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "prefkit-store-"));
    return {
      dialect,
      url: `sqlite:${join(dir, "test.db")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const { url, drop } = await postgresTarget();
  return { dialect, url, drop };
}

/** A migrated store on a fresh database, shared by the tests of one file and dialect. */
export class StoreFixture {
  #db: TestDatabase | undefined;
  #store: Store | undefined;
  readonly #others: Store[] = [];

  constructor(readonly dialect: Dialect) {}

  get store(): Store {
    if (!this.#store) throw new Error("the fixture is not set up");
    return this.#store;
  }

  get url(): string {
    if (!this.#db) throw new Error("the fixture is not set up");
    return this.#db.url;
  }

  async setUp(): Promise<void> {
    this.#db = await freshDatabase(this.dialect);
    this.#store = await openStore(this.#db.url);
    await this.#store.migrate();
  }

  /** Another store on the same database (a second pool: as if a second server process). */
  async another(): Promise<Store> {
    const store = await openStore(this.url);
    this.#others.push(store);
    return store;
  }

  async tearDown(): Promise<void> {
    await Promise.all([...this.#others, this.#store].map((s) => s?.close()));
    await this.#db?.drop();
  }

  /** A new project with a unique id, so tests sharing the database do not see each other. */
  async project(settings?: Record<string, unknown>): Promise<string> {
    const id = `project-${randomUUID()}`;
    await this.store.createProject({ id, name: id, ...(settings ? { settings } : {}) });
    return id;
  }
}

export function describeStore(title: string, body: (fx: StoreFixture) => void): void {
  describe.each(["sqlite", "postgres"] as const)(`${title} (%s)`, (dialect) => {
    if (dialect === "postgres" && pgProblem !== undefined) {
      const where = redactedUrl(POSTGRES_URL);
      if (REQUIRE_POSTGRES) {
        it(`PostgreSQL is reachable at ${where} (PREFKIT_REQUIRE_POSTGRES=1)`, () => {
          throw new Error(`PostgreSQL not reachable at ${where}: ${pgProblem}`);
        });
      } else {
        console.warn(`PostgreSQL not reachable at ${where} (${pgProblem}): skipping its half`);
        it.skip(`PostgreSQL not reachable at ${where}: skipped (${pgProblem})`, () => {});
      }
      return;
    }
    const fx = new StoreFixture(dialect);
    beforeAll(() => fx.setUp());
    afterAll(() => fx.tearDown());
    body(fx);
  });
}

// ---- test data ----

export const user = (content: string): Message => ({ role: "user", content });
export const assistant = (content: string): Message => ({ role: "assistant", content });
export const pid = (id: string) => id as PromptId;
export const cid = (id: string) => id as CandidateId;
export const sid = (id: string) => id as SystemId;

export function prompt(id: string, extra: Partial<Omit<Prompt, "id">> = {}): Prompt {
  return { id: pid(id), messages: [user(`question ${id}`)], ...extra };
}

export function candidate(id: string, promptId: string, systemId: string): Candidate {
  return {
    id: cid(id),
    promptId: pid(promptId),
    systemId: sid(systemId),
    messages: [assistant(`answer ${id}`)],
  };
}

/**
 * `prompts` prompts p0…, each answered by every system: candidate `<prompt>-<system>`.
 * Categories cycle through `categories` when given.
 */
export async function seedArena(
  store: Store,
  projectId: string,
  options: { prompts: number; systems: readonly string[]; categories?: readonly string[] },
): Promise<void> {
  const prompts = Array.from({ length: options.prompts }, (_, i) => {
    const category = options.categories?.[i % options.categories.length];
    return prompt(`p${i}`, category === undefined ? {} : { category });
  });
  await store.addPrompts(projectId, prompts);
  await store.addCandidates(
    projectId,
    prompts.flatMap((p) => options.systems.map((s) => candidate(`${p.id}-${s}`, p.id, s))),
  );
}

export const human = (annotatorId: string) =>
  ({ kind: "human", annotatorId }) as Judgment["source"];
export const ai = (model: string) => ({ kind: "ai", model }) as const;

export type NewPairwise = Extract<NewJudgment, { kind: "pairwise" }>;

export function vote(
  promptId: string,
  systemA: string,
  systemB: string,
  outcome: "a" | "b" | "tie" | "both_bad",
  source: Judgment["source"] = ai("judge"),
): NewPairwise {
  return {
    kind: "pairwise",
    promptId: pid(promptId),
    a: cid(`${promptId}-${systemA}`),
    b: cid(`${promptId}-${systemB}`),
    outcome,
    source,
  };
}

/**
 * The database at `url` taken back to the schema after `migration` (judgments kept), with a
 * raw connection to inspect it; `store.migrate()` then runs the later migrations again.
 */
export async function migrateBackTo(
  dialect: Dialect,
  url: string,
  migration: string,
): Promise<Kysely<Database>> {
  const pg = dialect === "postgres" ? parsePostgresUrl(url) : undefined;
  const raw = pg ? openPostgres(pg) : openSqlite(url.slice("sqlite:".length));
  const migrator = new Migrator({
    db: raw,
    provider: migrationProvider(dialect),
    ...(pg?.schema === undefined ? {} : { migrationTableSchema: pg.schema }),
  });
  const { error } = await migrator.migrateTo(migration);
  if (error !== undefined) {
    await raw.destroy();
    throw error;
  }
  return raw;
}

/**
 * Runs `body` on a migrated store over a database of its own, dropped afterwards: for tests the
 * database the file's other tests share would not do (a fresh annotator table, old migrations).
 */
export async function withFreshStore(
  dialect: Dialect,
  body: (store: Store, url: string) => Promise<void>,
): Promise<void> {
  const db = await freshDatabase(dialect);
  const store = await openStore(db.url);
  try {
    await store.migrate();
    await body(store, db.url);
  } finally {
    await store.close();
    await db.drop();
  }
}

/**
 * Takes the database at `url` back to the schema after `migration` (judgments kept) and `store`
 * forward again, then runs `body` with a raw connection to inspect what the later migrations
 * filled in.
 */
export async function remigrateFrom(
  store: Store,
  url: string,
  migration: string,
  body: (raw: Kysely<Database>) => Promise<void>,
): Promise<void> {
  const raw = await migrateBackTo(store.dialect, url, migration);
  try {
    await store.migrate();
    await body(raw);
  } finally {
    await raw.destroy();
  }
}

/** A StoreError as `storeError` gives it: `refusal("duplicate_id", "id", 1)`. */
export const refusal = (code: string, field: string, index?: number) => ({ code, field, index });

/** The StoreError a promise rejects with, as plain data. */
export async function storeError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreError) {
      const { code, field, index } = error;
      return { code, field, index };
    }
    throw error;
  }
  throw new Error("expected a StoreError");
}
