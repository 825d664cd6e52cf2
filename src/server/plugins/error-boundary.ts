/**
 * The one error boundary: every thrown value, fastify's own refusals and unknown paths become
 * the API's `{ error: { code, message, … } }` through `errorReply` (errors.ts). Faults and bugs
 * reach the log once per condition, not once per request (fault-log.ts); the answer to a bug
 * says "see the server log", and without --log, stderr is that log.
 */
import type { FastifyReply, FastifyServerOptions } from "fastify";
import { ApiError, errorReply } from "../errors.js";
import { FaultLog } from "../fault-log.js";
import { unencapsulated } from "./unencapsulated.js";

export const errorBoundary = unencapsulated<{ logger: boolean }>(async (app, { logger }) => {
  const faults = new FaultLog((message, error) => {
    if (logger) app.log.error(error === undefined ? {} : { err: error }, message);
    else {
      const stack = error === undefined ? "" : `\n${(error as Error).stack ?? String(error)}`;
      process.stderr.write(`prefkit: ${message}${stack}\n`);
    }
  });
  app.addHook("onClose", async () => faults.close());
  app.setErrorHandler((error, _request, reply) => {
    const { status, body, retryAfter, log } = errorReply(error);
    if (log) faults.report(log.key, log.message, error);
    if (status === 401) reply.header("www-authenticate", 'Bearer realm="prefkit"');
    if (retryAfter !== undefined) reply.header("retry-after", retryAfter);
    return reply.code(status).type("application/json; charset=utf-8").send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        errorReply(
          new ApiError("not_found", `no route ${request.method} ${request.url.split("?")[0]}`),
        ).body,
      ),
  );
});

/**
 * What fastify refuses before the error handler can see it, in the API's error shape too:
 * a malformed URL or bad header (`frameworkErrors`), and a request too broken to parse, such as
 * a wrong Content-Length, which never reaches a route (`clientErrorHandler`).
 */
export const frameworkErrorOptions: Pick<
  FastifyServerOptions,
  "frameworkErrors" | "clientErrorHandler"
> = {
  frameworkErrors: (error, _request, reply) => {
    const plain = reply as unknown as FastifyReply;
    void plain
      .code(400)
      .type("application/json; charset=utf-8")
      .send({ error: { code: "invalid", message: error.message } });
  },
  clientErrorHandler: (_error, socket) => {
    const body = JSON.stringify({
      error: { code: "invalid", message: "malformed HTTP request" },
    });
    if (socket.writable) {
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    } else socket.destroy();
  },
};
