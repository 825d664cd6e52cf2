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

/** What the served UI may do beyond the defaults; each is the operator's opt-in. */
export interface WebUiOptions {
  /**
   * Load images that prompts and responses name by a URL on another host (`prefkit serve
   * --allow-external-images`). Off by default: such an image tells its host who looked at the
   * item and when (view tracking), so the policy loads images from this origin and `data:` only,
   * and the UI shows the image's host as a link instead.
   */
  externalImages?: boolean;
}

function contentSecurityPolicy(options: WebUiOptions): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    options.externalImages ? "img-src 'self' data: https: http:" : "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Where the UI reads those options (src/web/shared/ui-config.ts): it cannot read its headers. */
const WEB_UI_CONFIG_PATH = "/web-ui.json";

/**
 * Serves the UI at `/` and its hashed assets at `/assets/…` (cached for a year: their names
 * change with their content), and its options at `/web-ui.json`. Without a build, `/` says how
 * to make one.
 */
export async function registerWebUi(
  app: FastifyInstance,
  root: string,
  options: WebUiOptions = {},
): Promise<void> {
  app.get(WEB_UI_CONFIG_PATH, (_request, reply) =>
    reply.header("cache-control", "no-cache").send({ external_images: !!options.externalImages }),
  );
  const policy = contentSecurityPolicy(options);
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
        response.setHeader("content-security-policy", policy);
        response.setHeader("x-frame-options", "DENY");
        response.setHeader("referrer-policy", "no-referrer");
      }
    },
  });
}
