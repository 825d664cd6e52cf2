/**
 * Every answer the test server gives is checked against the API contract (src/api): a success
 * against its route's response schema for that status, an error against the error schema. The
 * check sits in the fixture's `app.inject`, so every request of every suite goes through it,
 * and a handler that drifts from its documented shape fails the test that called it.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import type { z } from "zod";
import { errorOutput } from "../../src/api/index.js";
import type { AnyRoute } from "../../src/server/route.js";
import { ROUTES } from "../../src/server/routes/index.js";

interface Matcher {
  route: AnyRoute;
  pattern: RegExp;
}

const MATCHERS: Matcher[] = ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, "[^/]+")}$`),
}));

/** The route a request reached, or undefined (the web UI, an unknown path). */
export function routeOf(method: string, url: string): AnyRoute | undefined {
  const path = url.split("?", 1)[0]!;
  return MATCHERS.find((m) => m.route.method === method && m.pattern.test(path))?.route;
}

/** Why the answer breaks the contract, or undefined when it keeps it. */
export function contractBreach(
  method: string,
  url: string,
  response: Pick<LightMyRequestResponse, "statusCode" | "headers" | "body">,
): string | undefined {
  const route = routeOf(method.toUpperCase(), url);
  const isJson = /^application\/json/.test(String(response.headers["content-type"] ?? ""));
  const where = `${method} ${url} answered ${response.statusCode}`;
  if (response.statusCode >= 400) {
    return isJson ? mismatch(errorOutput, response.body, where) : `${where} without a JSON error`;
  }
  if (!route) return undefined;
  const spec = route.responses[response.statusCode];
  if (!spec) return `${where}, a status ${route.method} ${route.path} does not document`;
  if (!spec.schema || spec.contentType !== undefined) return undefined;
  if (!isJson) return `${where} with ${response.headers["content-type"]}, not JSON`;
  return mismatch(spec.schema, response.body, where);
}

function mismatch(schema: z.ZodType, body: string, where: string): string | undefined {
  const parsed = schema.safeParse(JSON.parse(body));
  if (parsed.success) return undefined;
  const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  return `${where}, a body its schema refuses: ${issues.join("; ")}`;
}

/** Makes `app.inject(options)` throw when an answer breaks the contract. */
export function checkResponses(app: FastifyInstance): void {
  const inject = app.inject.bind(app) as (o: InjectOptions) => Promise<LightMyRequestResponse>;
  const checked = async (options: InjectOptions | string) => {
    const opts = typeof options === "string" ? { url: options } : options;
    const response = await inject(opts);
    const url = typeof opts.url === "string" ? opts.url : String(opts.url?.pathname ?? "");
    const breach = contractBreach(opts.method ?? "GET", url, response);
    if (breach) throw new Error(`API contract: ${breach}`);
    return response;
  };
  app.inject = checked as FastifyInstance["inject"];
}
