/** Who is signed in: the token's annotator (from /api/me), shared by every page. */
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
} from "react";
import type { Annotator } from "../../api";
import { ApiFailure, api } from "./api";
import { currentToken, onTokenChange, pendingLink, takeSignOutReason } from "./auth";
import { asFailure } from "./hooks";

export type Session =
  | { state: "loading" }
  | { state: "signed-out"; reason?: string }
  | { state: "error"; error: ApiFailure }
  | { state: "signed-in"; me: Annotator };

const SessionContext = createContext<Session>({ state: "loading" });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ state: "loading" });
  const [token, setTokenState] = useState(currentToken);
  useEffect(() => onTokenChange(() => setTokenState(currentToken())), []);
  useEffect(() => {
    if (!token) {
      const reason = takeSignOutReason();
      setSession({ state: "signed-out", ...(reason ? { reason } : {}) });
      return;
    }
    let live = true;
    setSession({ state: "loading" });
    api<{ annotator: Annotator }>("/api/me").then(
      (answer) => {
        if (live && answer) setSession({ state: "signed-in", me: answer.annotator });
      },
      (error: unknown) => {
        if (!live) return;
        if (error instanceof ApiFailure && error.status === 401) {
          setSession({
            state: "signed-out",
            reason: "Your sign-in is not valid any more (the link was revoked or replaced).",
          });
        } else {
          setSession({ state: "error", error: asFailure(error) });
        }
      },
    );
    return () => {
      live = false;
    };
  }, [token]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}

/** The signed-in annotator; only for pages rendered behind the sign-in gate. */
export function useMe(): Annotator {
  const session = useSession();
  if (session.state !== "signed-in") throw new Error("useMe outside the signed-in pages");
  return session.me;
}

/** A link's token waiting for the signed-in person's answer (see auth.ts), or null. */
export function usePendingLink(): string | null {
  return useSyncExternalStore(onTokenChange, pendingLink);
}
