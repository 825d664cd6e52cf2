/**
 * What the server lets this UI do beyond its safe defaults (`/web-ui.json`, src/server/web-ui.ts),
 * read once before the first render. The page's Content-Security-Policy says the same, but a page
 * cannot read its own headers. No answer (the Vite dev server without a prefkit behind it, an
 * older server) keeps every default.
 */
export interface UiConfig {
  /** Images on other hosts load (`prefkit serve --allow-external-images`). */
  externalImages: boolean;
}

let config: UiConfig = { externalImages: false };

export async function loadUiConfig(): Promise<void> {
  try {
    const response = await fetch("/web-ui.json", { headers: { accept: "application/json" } });
    if (!response.ok) return;
    const body = (await response.json()) as { external_images?: unknown };
    config = { externalImages: body.external_images === true };
  } catch {
    // Defaults stay.
  }
}

export function uiConfig(): UiConfig {
  return config;
}
