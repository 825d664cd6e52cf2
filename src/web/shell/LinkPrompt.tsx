/**
 * What a sign-in link asks when someone else is signed in. A link may come from anyone, and a
 * silent switch would record this person's work under another name (login CSRF), so staying is
 * the default. Whose link it is comes from `/api/me` asked with its token; the token itself is
 * never shown.
 */
import { useEffect, useRef, useState } from "react";
import type { Annotator } from "../../api";
import { ApiFailure, api } from "../shared/api";
import { answerPendingLink } from "../shared/auth";
import { asFailure } from "../shared/hooks";
import { Loading } from "../shared/Status";

type Owner =
  | { state: "checking" }
  | { state: "known"; annotator: Annotator }
  | { state: "not-valid" }
  | { state: "unknown"; error: ApiFailure };

export function LinkPrompt({ link, me }: { link: string; me: Annotator }) {
  const [owner, setOwner] = useState<Owner>({ state: "checking" });
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    let live = true;
    setOwner({ state: "checking" });
    api<{ annotator: Annotator }>("/api/me", { token: link }).then(
      (answer) => {
        if (!live || !answer) return;
        // A new link for the same person: nobody else to become, nothing to ask.
        if (answer.annotator.id === me.id) answerPendingLink(true);
        else setOwner({ state: "known", annotator: answer.annotator });
      },
      (error: unknown) => {
        if (!live) return;
        if (error instanceof ApiFailure && error.status === 401) {
          setOwner({ state: "not-valid" });
        } else {
          setOwner({ state: "unknown", error: asFailure(error) });
        }
      },
    );
    return () => {
      live = false;
    };
  }, [link, me.id]);
  // The safe answer has the focus: Enter keeps the current person.
  useEffect(() => {
    if (owner.state !== "checking") stay.current?.focus();
  }, [owner.state]);

  if (owner.state === "checking") return <Loading what="whose sign-in link this is" />;
  const dialog = {
    className: "panel narrow",
    role: "alertdialog",
    "aria-labelledby": "link-title",
    "aria-describedby": "link-text",
  } as const;
  if (owner.state === "not-valid") {
    return (
      <section {...dialog}>
        <h1 id="link-title">This sign-in link is not valid</h1>
        <p id="link-text">
          It was revoked or replaced, or it is mistyped. You are still signed in as {me.name}.
        </p>
        <button
          ref={stay}
          type="button"
          className="primary"
          onClick={() => answerPendingLink(false)}
        >
          OK
        </button>
      </section>
    );
  }
  const other = owner.state === "known" ? owner.annotator : undefined;
  const namesake = other?.name === me.name ? ", another person of the same name" : "";
  const whose =
    owner.state === "known"
      ? `This link signs in ${owner.annotator.name} (${owner.annotator.role})${namesake}.`
      : `Who this link is for could not be checked (${owner.error.message}).`;
  return (
    <section {...dialog}>
      <h1 id="link-title">Switch to another sign-in?</h1>
      <p id="link-text">
        You are signed in as {me.name} ({me.role}). {whose}
      </p>
      <p className="muted">
        After switching, what you do is recorded as {other ? `${other.name}'s` : "theirs"}. If you
        did not expect this link, stay signed in.
      </p>
      <div className="row">
        <button
          ref={stay}
          type="button"
          className="primary"
          onClick={() => answerPendingLink(false)}
        >
          Stay signed in as {me.name}
        </button>
        <button type="button" onClick={() => answerPendingLink(true)}>
          {other ? `Sign in as ${other.name}` : "Sign in with the link"}
        </button>
      </div>
    </section>
  );
}
