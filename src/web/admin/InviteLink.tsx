/** A sign-in link just issued: shown once, with a button to copy it. */
import { useState } from "react";
import type { Issued } from "../../api";

export function InviteLink({ invite }: { invite: Issued }) {
  const url = `${window.location.origin}${invite.invite}`;
  const [copied, setCopied] = useState(false);
  return (
    <div className="panel" role="status" data-testid="invite">
      <p>
        Send this link to <strong>{invite.annotator.name}</strong>. It is shown once: only a hash of
        its token is kept.
      </p>
      <p className="invite-link" data-testid="invite-link">
        {url}
      </p>
      <button
        type="button"
        onClick={() => navigator.clipboard?.writeText(url).then(() => setCopied(true))}
      >
        {copied ? "Copied" : "Copy link"}
      </button>
    </div>
  );
}
