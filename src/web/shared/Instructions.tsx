/** A project's instructions for annotators: Markdown, sanitised by renderMarkdown. */
import { renderMarkdown } from "./markdown";

export function Instructions({ text, open = false }: { text: string; open?: boolean }) {
  return (
    <details className="panel" open={open}>
      <summary>Instructions</summary>
      <div
        className="markdown"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderMarkdown
        dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }}
      />
    </details>
  );
}
