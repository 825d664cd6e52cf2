/**
 * The live systems a server was started with (`prefkit serve --systems FILE`): looked up by id,
 * one chat client each (made on first use; the client reads its API key from the environment
 * it is given at call time, so keys live nowhere else), a per-annotator limit on live calls
 * (each costs two model calls), and the check of a project's `live_systems` against them.
 * Model names, base URLs and key variable names stay in here: no answer carries them.
 */
import { type ChatClient, createChatClient } from "../llm/chat-client.js";
import type { LlmSystem } from "../llm/types.js";
import { ApiError, invalid } from "./errors.js";
import { FailureLimit, type Limit } from "./failure-limit.js";

export interface LiveOptions {
  systems: readonly LlmSystem[];
  /** Where API keys are read at call time (the CLI passes process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The client of a system (tests may wrap one); createChatClient by default. */
  clientFor?: (system: LlmSystem, env: Readonly<Record<string, string | undefined>>) => ChatClient;
  /** Live calls (a conversation started, or a turn) per annotator per window (default 30 a minute). */
  rateLimit?: Limit;
}

const DEFAULT_RATE_LIMIT: Limit = { max: 30, timeWindow: 60_000 };

export class LiveSystems {
  readonly #systems: Map<string, LlmSystem>;
  readonly #clients = new Map<string, ChatClient>();
  readonly #limit: FailureLimit;

  constructor(private readonly options: LiveOptions) {
    this.#systems = new Map(options.systems.map((s) => [s.id, s]));
    this.#limit = new FailureLimit(options.rateLimit ?? DEFAULT_RATE_LIMIT, 10_000);
  }

  get(id: string): LlmSystem | undefined {
    return this.#systems.get(id);
  }

  client(system: LlmSystem): ChatClient {
    let client = this.#clients.get(system.id);
    if (!client) {
      const env = this.options.env ?? {};
      client = this.options.clientFor
        ? this.options.clientFor(system, env)
        : createChatClient(system, { env: env as Record<string, string | undefined> });
      this.#clients.set(system.id, client);
    }
    return client;
  }

  /**
   * Counts a live call of the annotator.
   * @throws ApiError `rate_limited` (429 with Retry-After) past the limit.
   */
  count(annotatorId: string): void {
    const wait = this.#limit.fail(annotatorId);
    if (wait !== undefined) {
      const { max, timeWindow } = this.#limit.limit;
      throw new ApiError(
        "rate_limited",
        `too many live answers: at most ${max} per ${Math.round(timeWindow / 1000)} s; retry in ${wait} s`,
        {},
        wait,
      );
    }
  }

  /**
   * Checks a project's `live_systems` against the systems served.
   * @throws ApiError `invalid` naming `settings.live_systems.<i>` for an id not served.
   */
  check(ids: readonly string[] | undefined): void {
    for (const [i, id] of (ids ?? []).entries()) {
      if (!this.#systems.has(id)) {
        const known = [...this.#systems.keys()].map((k) => `"${k}"`).join(", ");
        throw invalid(
          `settings.live_systems.${i}`,
          this.#systems.size === 0
            ? "this server has no live systems (start it with --systems FILE)"
            : `"${id}" is not a system of this server's --systems config (it has ${known})`,
        );
      }
    }
  }
}

/** Checks `live_systems` when the server has no live systems at all (any id is unknown). */
export function checkLiveSystems(
  live: LiveSystems | undefined,
  ids: readonly string[] | undefined,
) {
  (live ?? NONE).check(ids);
}

const NONE = new LiveSystems({ systems: [] });
