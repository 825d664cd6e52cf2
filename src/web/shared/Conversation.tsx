/**
 * A prompt or response: each turn labelled by role, its text as Markdown, images by URL (one on
 * another host only with the server's opt-in: see markdown.ts).
 */
import type { ReactNode } from "react";
import type { ContentPart, Message } from "../../api";
import { imageFor, renderMarkdown } from "./markdown";
import { uiConfig } from "./ui-config";

function ImagePart({ url }: { url: string }): ReactNode {
  const image = imageFor(url, uiConfig().externalImages);
  switch (image.show) {
    case "image":
      return <img className="turn-image" src={url} alt="" referrerPolicy="no-referrer" />;
    case "link":
      return (
        <p className="image-outside">
          <a href={url} target="_blank" rel="noopener noreferrer nofollow">
            image from {image.host}
          </a>{" "}
          (not loaded)
        </p>
      );
    case "none":
      return <p className="muted">(an image with an unsupported address)</p>;
  }
}

function Part({ part }: { part: ContentPart }): ReactNode {
  return part.type === "text" ? (
    <div
      className="markdown"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderMarkdown
      dangerouslySetInnerHTML={{ __html: renderMarkdown(part.text) }}
    />
  ) : (
    <ImagePart url={part.url} />
  );
}

function Turn({ message, hideRole }: { message: Message; hideRole: boolean }) {
  const parts =
    typeof message.content === "string"
      ? [{ type: "text" as const, text: message.content }]
      : message.content;
  return (
    <div className={`turn turn-${message.role}`}>
      {hideRole ? null : <div className="turn-role">{message.role}</div>}
      {parts.map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: parts never reorder
        <Part key={i} part={part} />
      ))}
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
