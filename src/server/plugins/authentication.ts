/**
 * Who is calling, and how often: `onRequest` turns a bearer token into `request.principal`
 * (cached for a few seconds, lookups.ts) or notes why not (`request.authFailure`, for the 401
 * that authorisation.ts gives if the route needs a caller); then requests are rate limited per
 * token. Requests without one are either public (the UI's files, health: never limited) or
 * refused, and refusals count against their address (failure-limit.ts, in authorisation.ts).
 */
import rateLimit from "@fastify/rate-limit";
import type { Store } from "../../store/store.js";
import { authenticate, bearerToken, hashToken, type Principal } from "../auth.js";
import { ApiError } from "../errors.js";
import type { Limit } from "../failure-limit.js";
import { lookupsOf } from "./lookups.js";
import { unencapsulated } from "./unencapsulated.js";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | undefined;
    authFailure: string | undefined;
  }
}

export const authentication = unencapsulated<{ store: Store; rateLimit: Limit }>(
  async (app, { store, rateLimit: limits }) => {
    app.decorateRequest("principal", undefined);
    app.decorateRequest("authFailure", undefined);
    app.addHook("onRequest", async (request) => {
      let token: string | undefined;
      try {
        token = bearerToken(request.headers.authorization);
      } catch (error) {
        request.authFailure = (error as Error).message;
        return;
      }
      if (token === undefined) return;
      request.principal = await lookupsOf(store).principals.get(hashToken(token), () =>
        authenticate(store, token),
      );
      if (!request.principal) request.authFailure = "unknown token";
    });
    await app.register(rateLimit, {
      max: limits.max,
      timeWindow: limits.timeWindow,
      hook: "onRequest",
      allowList: (request) => request.principal === undefined,
      keyGenerator: (request) => `token:${request.principal?.tokenHash}`,
      errorResponseBuilder: (_request, context) =>
        new ApiError(
          "rate_limited",
          `too many requests: at most ${context.max} per ${Math.round(limits.timeWindow / 1000)} s; retry in ${context.after}`,
        ),
    });
  },
);
