/**
 * A route is data: method, path, who may call it, its query and body schemas, its responses,
 * and a handler. The same table registers the routes with fastify, authorises every request,
 * validates inputs, and generates the OpenAPI document (openapi.ts), so none of them can drift
 * from the others.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type { leaderboardOutput } from "../api/index.js";
import type { ImportLimits } from "../app/import/import-limits.js";
import type { FitPool } from "../parallel/fit-pool.js";
import type { Project, Role, Store } from "../store/store.js";
import type { Principal } from "./auth.js";
import type { CandidateHandles } from "./candidate-handles.js";
import { invalid } from "./errors.js";
import type { GroupCommit } from "./group-commit.js";
import type { LiveSystems } from "./live-systems.js";
import type { LruCache } from "./lru-cache.js";
import type { ReportCache } from "./quality/report-cache.js";
import type { SharedWork } from "./shared-work.js";
import { invalidRequest } from "./validate.js";

/** Who may call a route: anyone, or annotators with one of these roles. */
export type Access = "public" | readonly Role[];

export interface BodySpec<B> {
  /** The documented schema (OpenAPI). */
  readonly schema: z.ZodType;
  /** Turns the parsed JSON body into the handler's input, or throws an ApiError. */
  readonly parse: (raw: unknown, principal: Principal | undefined) => B;
  /** Content types other than JSON the body is sent as (the import route). */
  readonly contentTypes?: readonly string[];
  readonly description?: string;
}

export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** application/json unless said otherwise; several when the query chooses one (an export's type). */
  readonly contentType?: string | readonly string[];
}

/** What a handler sees: the store, the caller, the project of `{id}`, and its validated inputs. */
export interface RouteContext<Q, B> {
  readonly store: Store;
  readonly principal: Principal | undefined;
  /** The project named by the path's `{id}` (project routes only; checked to exist). */
  readonly project: Project;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Q;
  readonly body: B;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly services: Services;
}

type LeaderboardAnswer = z.input<typeof leaderboardOutput>;

/** What handlers share beyond the store. */
export interface Services {
  /** Leaderboard reports by project, query and judgment version. */
  readonly leaderboards: LruCache<LeaderboardAnswer>;
  /** Leaderboard fits under way, by the same key: identical requests share one. */
  readonly fitting: SharedWork<LeaderboardAnswer>;
  /** Agreement and judge-quality reports, cached and shared as the leaderboards are. */
  readonly quality: ReportCache;
  /** The threads every leaderboard's bootstrap rounds run on (fit-pool.ts). */
  readonly fits: FitPool;
  /** prefkit's version, for reports and the OpenAPI document. */
  readonly version: string;
  /** Judgment submissions, committed in groups (group-commit.ts). */
  readonly commits: GroupCommit;
  /** What annotators see of candidate ids (candidate-handles.ts). */
  readonly handles: CandidateHandles;
  /** The OpenAPI document of every route (built once, on first use). */
  readonly openapi: () => Readonly<Record<string, unknown>>;
  /**
   * Drops this process's cached sign-ins of an annotator (plugins/lookups.ts caches a token's
   * annotator for a few seconds), so that a new token, role or project assignment counts from
   * the next request.
   */
  readonly forgetAnnotator: (annotatorId: string) => void;
  /** Drops this process's cached copy of a project, so that changed settings count at once. */
  readonly forgetProject: (projectId: string) => void;
  /** How much an uploaded dataset file may expand to (import-dataset.ts). */
  readonly importLimits: ImportLimits;
  /** The live systems this server was started with (`--systems`); none without. */
  readonly live: LiveSystems | undefined;
}

/** Responses by status. */
export type Responses = Readonly<Record<number, ResponseSpec>>;

/** A value read-only all the way down: a handler only hands its answer over. */
type ReadonlyDeep<T> = T extends readonly (infer U)[]
  ? readonly ReadonlyDeep<U>[]
  : T extends object
    ? { readonly [K in keyof T]: ReadonlyDeep<T[K]> }
    : T;

/**
 * The answer a status allows: what its JSON schema takes, anything for another content type
 * (a file, a page, a stream), nothing when it has no schema.
 */
type AnswerOf<S extends number, R extends ResponseSpec> = R extends {
  readonly schema: infer Schema extends z.ZodType;
}
  ? {
      status: S;
      body: R extends { readonly contentType: unknown } ? unknown : ReadonlyDeep<z.input<Schema>>;
      type?: string;
    }
  : { status: S; body?: undefined; type?: string };

/**
 * A handler's answer, checked against the route's response schemas; `undefined` when it has
 * sent the reply itself (a stream).
 */
export type RouteResult<R extends Responses = Responses> =
  | { [S in keyof R & number]: AnswerOf<S, R[S]> }[keyof R & number]
  | undefined;

export interface RouteSpec<Q, B, R extends Responses = Responses> {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  /** OpenAPI style: `/api/projects/{id}`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly access: Access;
  /** The path's `{id}` is a project the caller must be allowed to work on. */
  readonly project?: boolean;
  readonly query?: z.ZodType<Q>;
  readonly body?: BodySpec<B>;
  /** Which of the app's body limits applies: its JSON one (default) or the import one. */
  readonly bodyLimit?: "json" | "import";
  readonly responses: R;
  readonly handler: (context: RouteContext<Q, B>) => Promise<RouteResult<NoInfer<R>>>;
}

/** A route of any input types, as the registry and the document generator see it. */
// biome-ignore lint/suspicious/noExplicitAny: the table holds routes of many input types
export type AnyRoute = RouteSpec<any, any>;

/** Declares a route; the type parameters are inferred from the schemas. */
export const route = <Q = undefined, B = undefined, const R extends Responses = Responses>(
  spec: RouteSpec<Q, B, R>,
): AnyRoute => spec as AnyRoute;

/** A JSON body checked by a zod schema; a 400 lists every issue, the first as its field. */
export function jsonBody<S extends z.ZodType>(
  schema: S,
  description?: string,
): BodySpec<z.output<S>> {
  return {
    schema,
    parse: (raw) => {
      if (raw === undefined) throw invalid("(body)", "a JSON body is required");
      const parsed = schema.safeParse(raw);
      if (parsed.success) return parsed.data;
      throw invalidRequest(parsed.error);
    },
    ...(description === undefined ? {} : { description }),
  };
}

/** `/api/projects/{id}` as fastify writes it: `/api/projects/:id`. */
export const fastifyPath = (path: string): string => path.replace(/\{(\w+)\}/g, ":$1");
