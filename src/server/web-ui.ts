/**
 * The web UI's built files (dist/web, made by `npm run build`), served beside the API from the
 * same origin: no CDN, works offline, and the page's Content-Security-Policy can allow scripts
 * from this origin only — the last guard should sanitising ever miss a model's `<script>`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** dist/web from both src/server (tests) and dist/server (the built CLI). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../dist/web/", import.meta.url));

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Prompts may show images by URL; nothing else is fetched from elsewhere.
  "img-src 'self' https: http: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Serves the UI at `/` and its hashed assets at `/assets/…` (cached for a year: their names
 * change with their content). Without a build, `/` says how to make one.
 */
export async function registerWebUi(app: FastifyInstance, root: string): Promise<void> {
  if (!existsSync(`${root}/index.html`)) {
    app.get("/", (_request, reply) =>
      reply
        .type("text/plain; charset=utf-8")
        .send("prefkit: the web UI is not built; run `npm run build`, then restart the server.\n"),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    // Only the files there at start-up get routes; every other path stays the API's JSON 404.
    wildcard: false,
    index: "index.html",
    // Our own cache headers (setHeaders), not the plugin's max-age=0 for everything.
    cacheControl: false,
    setHeaders(response, path) {
      if (path.includes("/assets/")) {
        response.setHeader("cache-control", "public, max-age=31536000, immutable");
      } else {
        response.setHeader("cache-control", "no-cache");
        response.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
        response.setHeader("x-frame-options", "DENY");
        response.setHeader("referrer-policy", "no-referrer");
      }
    },
  });
}
