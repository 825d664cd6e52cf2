/**
 * A signal that aborts when the client closes the connection before its answer is sent, so
 * work done only for that answer can stop (a leaderboard fit). Its reason is an ApiError: the
 * error boundary answers it (to nobody) without logging a bug.
 */
import type { FastifyReply } from "fastify";
import { ApiError } from "./errors.js";

export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const response = reply.raw;
  response.once("close", () => {
    if (!response.writableFinished) {
      controller.abort(new ApiError("unavailable", "cancelled: the client closed the connection"));
    }
  });
  return controller.signal;
}
