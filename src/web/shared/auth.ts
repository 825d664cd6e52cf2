/**
 * The signed-in token. An invite link carries it in the URL fragment (`/#token=…`), which never
 * reaches a server log or a Referer header; it is moved to localStorage and the fragment is
 * cleared at once, so a shared screenshot or copied URL does not leak it.
 */
const KEY = "prefkit.token";
const listeners = new Set<() => void>();

function changed(): void {
  for (const listener of listeners) listener();
}

/** Takes an invite link's token out of the address bar, if there is one, and signs in with it. */
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
  if (token && token !== current) setToken(token);
}

/**
 * Handles a link now and whenever one is opened in this running tab (a hash change). Call it
 * before the router listens: the route then never sees `#token=…`.
 */
export function watchForTokens(): void {
  takeTokenFromLocation();
  window.addEventListener("hashchange", takeTokenFromLocation);
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

export function onTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
