/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas
 * (`z.toJSONSchema`): every route with its roles, parameters, body and responses, and the
 * errors the server's rules imply (401/403 on authorised routes, 404 on project routes, 400,
 * 413 and 415 where there is a body, 429 on authorised routes, 503 everywhere).
 */
import { z } from "zod";
import { errorOutput } from "../api/index.js";
import type { AnyRoute, ResponseSpec } from "./route.js";

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" });
  delete (out as Json).$schema;
  return out as Json;
}

const ERROR_REF = { $ref: "#/components/schemas/Error" };

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ERROR_REF } },
});

function parameters(route: AnyRoute): Json[] {
  const path = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
    ...(m[1] === "id" && route.project ? { description: "The project id" } : {}),
  }));
  if (!route.query) return path;
  const schema = jsonSchema(route.query, "input") as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  const query = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: "query",
      required: schema.required?.includes(name) === true && !("default" in property),
      schema: rest,
      ...(typeof description === "string" ? { description } : {}),
    };
  });
  return [...path, ...query];
}

function response(spec: ResponseSpec): Json {
  const { schema } = spec;
  if (!schema) return { description: spec.description };
  const types = [spec.contentType ?? "application/json"].flat();
  // A JSON schema for a JSON answer; any other body (or a choice of several) is a string.
  const described = (type: string) =>
    type === "application/json" && types.length === 1
      ? jsonSchema(schema, "output")
      : { type: "string" };
  const content = Object.fromEntries(types.map((type) => [type, { schema: described(type) }]));
  return { description: spec.description, content };
}

function operation(route: AnyRoute): Json {
  const roles = route.access === "public" ? [] : [...route.access];
  const responses: Record<string, Json> = {};
  for (const [status, spec] of Object.entries(route.responses)) responses[status] = response(spec);
  if (route.body || route.query) {
    responses["400"] = errorResponse(
      "Invalid request: `error.field` names the field, `error.issues` lists every field at fault",
    );
  }
  if (route.access !== "public") {
    responses["401"] = errorResponse("No token, or an unknown one");
    responses["403"] = errorResponse(
      route.project
        ? "The caller's role or projects do not allow this"
        : "The caller's role does not allow this",
    );
  }
  if (route.project) responses["404"] = errorResponse("Unknown project (or item)");
  if (route.method === "POST") {
    responses["409"] ??= errorResponse("Conflicts with what is stored (id or idempotency key)");
  }
  if (route.body) {
    responses["413"] = errorResponse("Body larger than the route accepts");
    responses["415"] = errorResponse("Body of a content type the route does not accept");
  }
  if (route.access !== "public") {
    responses["429"] = errorResponse(
      "Too many requests for this token, or too many failed sign-ins from this address",
    );
  }
  responses["503"] = errorResponse(
    "Unavailable: the database cannot do this now (a full disk, read-only, unreachable), the server is shutting down, or (`busy`) its leaderboard fits are full; see Retry-After",
  );
  const body = route.body;
  const contentTypes = body?.contentTypes ?? ["application/json"];
  return {
    operationId: operationId(route),
    tags: [route.tag],
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    security: route.access === "public" ? [] : [{ bearer: [] }],
    "x-roles": roles,
    ...(route.project ? { "x-project-scoped": true } : {}),
    parameters: parameters(route),
    ...(body
      ? {
          requestBody: {
            required: true,
            ...(body.description === undefined ? {} : { description: body.description }),
            content: Object.fromEntries(
              contentTypes.map((type) => [
                type,
                {
                  schema:
                    type === "application/json" && !body.contentTypes
                      ? jsonSchema(body.schema, "input")
                      : { type: "string" },
                },
              ]),
            ),
          },
        }
      : {}),
    responses,
  };
}

/** `GET /api/projects/{id}/tasks/next` → `getProjectsIdTasksNext`. */
function operationId(route: AnyRoute): string {
  const words = route.path
    .replace(/^\/api\//, "")
    .split(/[/.{}_-]+/)
    .filter(Boolean);
  return route.method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

export function openApiDocument(routes: readonly AnyRoute[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "prefkit API",
      version,
      description:
        "Preference data over HTTP: projects, prompts and candidates, annotation tasks, judgments, leaderboards and exports. Send `Authorization: Bearer <token>`; each operation lists the roles (`x-roles`) that may call it, and project operations (`x-project-scoped`) also need the caller to be assigned to the project (admins are assigned to all). JSON bodies only, unless an operation says otherwise. Every error is `{ error: { code, message, field?, index?, line?, issues? } }`; an invalid request lists every problem under `issues`, the first also as `field` and `message`.",
    },
    tags: [
      { name: "meta" },
      { name: "projects" },
      { name: "content" },
      { name: "judgments" },
      { name: "live" },
      { name: "results" },
      { name: "annotators" },
    ],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: { Error: jsonSchema(errorOutput, "output") },
    },
    paths,
  };
}
