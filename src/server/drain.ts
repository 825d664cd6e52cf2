/**
 * Closing without resetting anyone's connection. `app.close()` used to close idle keep-alive
 * connections at once (Node's `server.close()` does): a client sending on one just then got a
 * reset, and cannot know whether its request was done. Instead, on close:
 *
 * 1. the server stops taking new connections, but keeps the open ones for a grace period;
 * 2. a request arriving on one meanwhile is answered 503 `unavailable` in the API's error shape
 *    with `Connection: close` (so the client retries elsewhere, knowing nothing was done), and
 *    answers in flight carry `Connection: close` too;
 * 3. when no connection is left, or the grace period is over, fastify closes the rest (idle
 *    ones now, busy ones after their answer) and waits for requests in flight to finish.
 */
import { Server } from "node:net";
import type { FastifyInstance } from "fastify";
import { ApiError, errorReply } from "./errors.js";

/** How long open connections may still send a request that will hear "shutting down". */
export const DEFAULT_DRAIN_GRACE_MS = 2_000;

const POLL_MS = 25;

export function registerDrain(app: FastifyInstance, graceMs = DEFAULT_DRAIN_GRACE_MS): void {
  let closing = false;
  const answer = errorReply(new ApiError("unavailable", "the server is shutting down"));

  // First of all hooks: nothing else (sign-in, rate limits) runs for a request refused here.
  app.addHook("onRequest", async (_request, reply) => {
    if (!closing) return;
    reply.header("connection", "close");
    return reply.code(answer.status).type("application/json; charset=utf-8").send(answer.body);
  });
  app.addHook("onSend", async (_request, reply, payload) => {
    if (closing) reply.header("connection", "close");
    return payload;
  });
  app.addHook("preClose", async () => {
    closing = true;
    const server = app.server;
    if (!server.listening) return;
    // net.Server's close stops listening; http.Server's would also drop idle connections now.
    Server.prototype.close.call(server);
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && (await openConnections(server)) > 0) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });
}

const openConnections = (server: Server) =>
  new Promise<number>((resolve) => server.getConnections((_error, count) => resolve(count ?? 0)));
