/**
 * Untrusted model output as safe HTML. Raw HTML in the Markdown is shown as text (an annotator
 * should see that a response contains `<script>`, not have it silently vanish), and the HTML
 * Markdown produces then goes through DOMPurify, which drops event handlers and `javascript:`
 * URLs. The server's Content-Security-Policy (scripts from its own origin only) is the third
 * line of defence.
 */
import DOMPurify from "dompurify";
import { Marked } from "marked";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
});

let hooked = false;

function purifier(): typeof DOMPurify {
  if (!hooked) {
    // Links open in a new tab, and the page they open gets neither this window nor a Referer.
    DOMPurify.addHook("afterSanitizeAttributes", (node) => {
      if (node.tagName === "A" && node.hasAttribute("href")) {
        // Only links out: a relative or fragment link (`#token=…`) would act on this app.
        if (!/^(https?:|mailto:)/i.test(node.getAttribute("href") ?? "")) {
          node.removeAttribute("href");
        } else {
          node.setAttribute("target", "_blank");
          node.setAttribute("rel", "noopener noreferrer nofollow");
        }
      }
      if (node.tagName === "IMG") {
        node.setAttribute("loading", "lazy");
        node.setAttribute("referrerpolicy", "no-referrer");
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

/** Markdown (GitHub flavour) to sanitised HTML, safe for `dangerouslySetInnerHTML`. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false });
  return purifier().sanitize(html, {
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe"],
    FORBID_ATTR: ["style", "id", "name"],
  });
}

/** Only web and inline images: an image part's URL is shown, never followed as a script. */
export function isImageUrl(url: string): boolean {
  return /^https?:\/\//i.test(url) || /^data:image\/(png|jpeg|gif|webp);base64,/i.test(url);
}
