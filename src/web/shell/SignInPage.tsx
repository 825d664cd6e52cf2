/** Sign in with a token (an invite link does it without this page). */
import { type FormEvent, useState } from "react";
import { setToken } from "../shared/auth";

export function SignInPage({ reason }: { reason?: string }) {
  const [token, setDraft] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) setToken(token.trim());
  };
  return (
    <section className="panel narrow">
      <h1>Sign in</h1>
      {reason ? (
        <p className="error" role="alert">
          {reason}
        </p>
      ) : null}
      <p>
        Open the invite link you were given, or paste its token here. Admins: the admin key printed
        when the server first started.
      </p>
      <form onSubmit={submit}>
        <label htmlFor="token">Token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </section>
  );
}
