/**
 * Server-sent events over a response body (a POST's: the browser reads it with fetch and a
 * stream reader, since EventSource cannot POST). The handler returns `stream` as its body and
 * writes events while fastify sends them; `closed` aborts when the client goes away.
 */
import { PassThrough } from "node:stream";
import type { FastifyReply } from "fastify";

export const EVENT_STREAM = "text/event-stream; charset=utf-8";

export interface EventStream {
  stream: PassThrough;
  send(event: string, data: unknown): void;
  end(): void;
  /** Aborts when the client closes the connection before the stream ends. */
  closed: AbortSignal;
}

export function eventStream(reply: FastifyReply): EventStream {
  const stream = new PassThrough();
  const controller = new AbortController();
  let ended = false;
  reply.raw.once("close", () => {
    if (!ended) controller.abort(new Error("the client closed the connection"));
  });
  // Proxies must pass events on as they come, and nothing may cache a conversation.
  reply.header("cache-control", "no-store");
  reply.header("x-accel-buffering", "no");
  return {
    stream,
    send(event, data) {
      if (ended) return;
      stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (ended) return;
      ended = true;
      stream.end();
    },
    closed: controller.signal,
  };
}
