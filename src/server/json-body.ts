/**
 * fastify's JSON body parser, but for bytes that are not valid UTF-8: fastify decodes the body
 * leniently, so a bad byte would become U+FFFD and be stored as if the client had sent it. Here
 * the body is read as bytes, checked, and handed to fastify's own parser (which keeps refusing
 * `__proto__` and `constructor.prototype` keys, as the app is configured).
 */
import { isUtf8 } from "node:buffer";
import type { FastifyInstance } from "fastify";
import { invalid } from "./errors.js";

export function parseJsonBodiesStrictly(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(invalid("(body)", "is not valid UTF-8 (a JSON body must be UTF-8 text)"), undefined);
      return;
    }
    parse(request, bytes.toString("utf8"), done);
  });
}
