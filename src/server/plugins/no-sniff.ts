/** Answers carry untrusted text (prompts, responses): never let a browser sniff one as HTML. */
import { unencapsulated } from "./unencapsulated.js";

export const noSniff = unencapsulated(async (app) => {
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    return payload;
  });
});
