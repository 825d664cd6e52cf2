/** The shared loading and error states. */
import type { ReactNode } from "react";
import type { ApiFailure } from "./api";
import type { Loadable } from "./hooks";

export function Loading({ what }: { what: string }) {
  return (
    <p className="status" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function ErrorNote({ error, retry }: { error: ApiFailure; retry?: () => void }) {
  return (
    <div className="error" role="alert">
      <p>{error.message}</p>
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Renders `children` with the value once it is ready; loading and error states otherwise. */
export function Await<T>({
  value,
  what,
  retry,
  children,
}: {
  value: Loadable<T>;
  what: string;
  retry?: () => void;
  children: (value: T) => ReactNode;
}) {
  if (value.state === "loading") return <Loading what={what} />;
  if (value.state === "error")
    return <ErrorNote error={value.error} {...(retry ? { retry } : {})} />;
  return <>{children(value.value)}</>;
}
