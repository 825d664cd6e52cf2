/** A prompt or response: each turn labelled by role, its text as Markdown, images by URL. */
import { isImageUrl, renderMarkdown } from "./markdown";
import type { Message } from "./types";

function Turn({ message, hideRole }: { message: Message; hideRole: boolean }) {
  const parts =
    typeof message.content === "string"
      ? [{ type: "text" as const, text: message.content }]
      : message.content;
  return (
    <div className={`turn turn-${message.role}`}>
      {hideRole ? null : <div className="turn-role">{message.role}</div>}
      {parts.map((part, i) =>
        part.type === "text" ? (
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: parts never reorder
            key={i}
            className="markdown"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderMarkdown
            dangerouslySetInnerHTML={{ __html: renderMarkdown(part.text) }}
          />
        ) : isImageUrl(part.url) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts never reorder
          <img key={i} className="turn-image" src={part.url} alt="" referrerPolicy="no-referrer" />
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts never reorder
          <p key={i} className="muted">
            (an image with an unsupported address)
          </p>
        ),
      )}
    </div>
  );
}

export function Conversation({
  messages,
  hideSingleRole = false,
}: {
  messages: readonly Message[];
  /** A lone assistant turn (a response) needs no "assistant" label. */
  hideSingleRole?: boolean;
}) {
  const hideRole = hideSingleRole && messages.length === 1;
  return (
    <div className="conversation">
      {messages.map((m, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: turns never reorder
        <Turn key={i} message={m} hideRole={hideRole} />
      ))}
    </div>
  );
}
