/**
 * A plugin whose hooks, handlers and decorations apply to the whole app, not to a child context
 * of its own: what fastify-plugin does, by the hidden property fastify documents for it
 * (`Symbol.for("skip-override")`, see fastify's Plugins guide), without another dependency.
 * Every plugin of buildApp is one: they are steps of one request pipeline, not separate apps.
 */
import type { FastifyPluginAsync, FastifyPluginOptions } from "fastify";

export function unencapsulated<O extends FastifyPluginOptions>(
  plugin: FastifyPluginAsync<O>,
): FastifyPluginAsync<O> {
  return Object.assign(plugin, { [Symbol.for("skip-override")]: true });
}
