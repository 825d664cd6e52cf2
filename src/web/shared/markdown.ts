/**
 * Untrusted model output as safe HTML. Raw HTML in the Markdown is shown as text (an annotator
 * should see that a response contains `<script>`, not have it silently vanish), and the HTML
 * Markdown produces then goes through DOMPurify, which drops event handlers and `javascript:`
 * URLs. The server's Content-Security-Policy (scripts from its own origin only) is the third
 * line of defence.
 *
 * An image on another host would tell that host who looked at the item and when (view
 * tracking), so by default it is not loaded: the annotator sees a link naming its host. Only with
 * the server's opt-in (`prefkit serve --allow-external-images`, which also widens the policy's
 * `img-src`) does it load.
 */
import DOMPurify from "dompurify";
import { Marked } from "marked";
import { uiConfig } from "./ui-config";

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

/** How an image address is shown. */
export type ImageShow =
  | { show: "image" }
  /** On another host, not loaded: named by its host, with a link to open it on purpose. */
  | { show: "link"; host: string }
  /** Neither web nor inline (`javascript:`, a relative path): only said to be there. */
  | { show: "none" };

/**
 * Inline images (`data:` PNG, JPEG, GIF, WebP) always show; web images (http, https) only when
 * outside images are allowed; any other address never (a relative one would hit this server).
 */
export function imageFor(url: string, externalImages: boolean): ImageShow {
  if (/^data:image\/(png|jpeg|gif|webp);base64,/i.test(url)) return { show: "image" };
  if (!/^https?:\/\//i.test(url)) return { show: "none" };
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    return { show: "none" };
  }
  return externalImages ? { show: "image" } : { show: "link", host };
}

/** Set for the length of one (synchronous) `renderMarkdown` call. */
let externalImagesNow = false;

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image({ href, text }) {
      const image = imageFor(href, externalImagesNow);
      if (image.show === "image") return false; // marked's own <img>
      const alt = text ? `${escapeHtml(text)}: ` : "";
      if (image.show === "none") {
        return `<span class="image-outside">${alt}(an image with an unsupported address)</span>`;
      }
      return `<span class="image-outside">${alt}<a href="${escapeHtml(href)}">image from ${escapeHtml(image.host)}</a> (not loaded)</span>`;
    },
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
        // Only what the renderer chose to load (raw HTML is text already): a backstop.
        if (imageFor(node.getAttribute("src") ?? "", externalImagesNow).show !== "image") {
          node.removeAttribute("src");
        }
        node.setAttribute("loading", "lazy");
        node.setAttribute("referrerpolicy", "no-referrer");
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

/**
 * Markdown (GitHub flavour) to sanitised HTML, safe for `dangerouslySetInnerHTML`; outside
 * images load only when `externalImages` (by default, what the server allows).
 */
export function renderMarkdown(
  text: string,
  externalImages: boolean = uiConfig().externalImages,
): string {
  externalImagesNow = externalImages;
  try {
    const html = marked.parse(text, { async: false });
    return purifier().sanitize(html, {
      FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe"],
      FORBID_ATTR: ["style", "id", "name"],
    });
  } finally {
    externalImagesNow = false;
  }
}
