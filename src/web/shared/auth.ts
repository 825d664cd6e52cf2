/**
 * The signed-in token. An invite link carries it in the URL fragment (`/#token=…`), which never
 * reaches a server log or a Referer header; it is moved to localStorage and the fragment is
 * cleared at once, so a shared screenshot or copied URL does not leak it.
 *
 * A link may come from anyone, so it never replaces a signed-in person silently (login CSRF:
 * votes recorded under someone else's name): its token waits, never shown, until the person
 * answers (`pendingLink`, `answerPendingLink`).
 */
const KEY = "prefkit.token";
const listeners = new Set<() => void>();
let pending: string | null = null;

function changed(): void {
  for (const listener of listeners) listener();
}

/**
 * Takes an invite link's token out of the address bar, if there is one: signs in with it when
 * nobody is signed in, else keeps it waiting for an answer (the same token: nothing to do).
 */
export function takeTokenFromLocation(): void {
  const match = /^#token=([^&]*)/.exec(window.location.hash);
  if (!match) return;
  history.replaceState(null, "", `${window.location.pathname}${window.location.search}#/`);
  let token: string;
  try {
    token = decodeURIComponent(match[1] ?? "").trim();
  } catch {
    return; // a malformed escape: no token to take
  }
  const current = currentToken();
  if (!token || token === current) return;
  if (current) {
    pending = token;
    changed();
  } else setToken(token);
}

/**
 * Handles a link now and whenever one is opened in this running tab (a hash change). Call it
 * before the router listens: the route then never sees `#token=…`. Also follows a sign-in
 * changed in another tab, so this one never acts as someone it does not show.
 */
export function watchForTokens(): void {
  takeTokenFromLocation();
  window.addEventListener("hashchange", takeTokenFromLocation);
  window.addEventListener("storage", (event) => {
    if (event.key === KEY || event.key === null) changed();
  });
}

export function currentToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(KEY, token);
  else localStorage.removeItem(KEY);
  changed();
}

/** A link's token waiting for the signed-in person's answer (never to be displayed). */
export function pendingLink(): string | null {
  return pending;
}

/** Signs in with the waiting link's token (`accept`) or forgets it, keeping the session. */
export function answerPendingLink(accept: boolean): void {
  const token = pending;
  pending = null;
  if (accept && token) setToken(token);
  else changed();
}

let signOutReason: string | undefined;

/** Forgets a token the server no longer accepts, saying why on the sign-in page. */
export function signOut(reason: string): void {
  signOutReason = reason;
  setToken(null);
}

/** Why the last sign-out happened (once), if the app did it. */
export function takeSignOutReason(): string | undefined {
  const reason = signOutReason;
  signOutReason = undefined;
  return reason;
}

/** Calls `listener` when the token, or the link waiting for an answer, changes. */
export function onTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
