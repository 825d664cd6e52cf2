/** The API about itself: health, the OpenAPI document, and a readable reference page. */
import { z } from "zod";
import { healthResponse, openApiResponse } from "../../api/index.js";
import { renderDocsPage } from "../docs-page.js";
import { route } from "../route.js";

const tag = "meta";

export const metaRoutes = [
  route({
    method: "GET",
    path: "/api/health",
    tag,
    summary: "Liveness",
    access: "public",
    responses: { 200: { description: "Up", schema: healthResponse } },
    async handler() {
      return { status: 200, body: { ok: true as const } };
    },
  }),
  route({
    method: "GET",
    path: "/api/openapi.json",
    tag,
    summary: "This API's OpenAPI 3.1 document",
    access: "public",
    responses: { 200: { description: "The document", schema: openApiResponse } },
    async handler({ services }) {
      return { status: 200, body: services.openapi() };
    },
  }),
  route({
    method: "GET",
    path: "/api/docs",
    tag,
    summary: "API reference (HTML)",
    description: "The OpenAPI document as a page: no scripts, nothing loaded from elsewhere.",
    access: "public",
    responses: {
      200: { description: "The page", schema: z.string(), contentType: "text/html" },
    },
    async handler({ services, reply }) {
      reply.header(
        "content-security-policy",
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
      );
      return {
        status: 200,
        body: renderDocsPage(services.openapi()),
        type: "text/html; charset=utf-8",
      };
    },
  }),
];
