/** Loading state for a request: every page shows loading, error and retry the same way. */
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiFailure } from "./api";

export type Loadable<T> =
  | { state: "loading" }
  | { state: "error"; error: ApiFailure }
  | { state: "ready"; value: T };

/** Any rejection as an ApiFailure: a thrown non-HTTP error is a client-side one (status 0). */
export function asFailure(error: unknown): ApiFailure {
  return error instanceof ApiFailure
    ? error
    : new ApiFailure(0, "client", error instanceof Error ? error.message : String(error));
}

/**
 * Runs `load` when `key` changes (and on `reload`); an answer that arrives after a newer request
 * started is dropped, so a slow response never overwrites a fresh one.
 */
export function useLoad<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
): [Loadable<T>, () => void, (value: T) => void] {
  // The state remembers which key it was loaded for. On the render where the key changes, the
  // effect below has not run yet: without this, that render would show the old key's value as
  // ready (the arena's previous pair, votable for a frame, its vote then refused).
  const [loaded, setLoaded] = useState<{ key: string; value: Loadable<T> }>({
    key,
    value: { state: "loading" },
  });
  const [generation, setGeneration] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  const currentKey = useRef(key);
  currentKey.current = key;
  // biome-ignore lint/correctness/useExhaustiveDependencies: key and generation decide reloads
  useEffect(() => {
    const controller = new AbortController();
    setLoaded({ key, value: { state: "loading" } });
    loader.current(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setLoaded({ key, value: { state: "ready", value } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setLoaded({ key, value: { state: "error", error: asFailure(error) } });
      },
    );
    return () => controller.abort();
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback(
    (value: T) => setLoaded({ key: currentKey.current, value: { state: "ready", value } }),
    [],
  );
  const state: Loadable<T> = loaded.key === key ? loaded.value : { state: "loading" };
  return [state, reload, set];
}

/** A request started by the user (a vote, an upload): busy while it runs, its error kept. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      setError(asFailure(caught));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clearError: () => setError(null) };
}

/** A fresh key per attempt, so a resubmitted vote (a retry after a timeout) is stored once. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
