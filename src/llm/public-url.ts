/**
 * A base URL as it may be shown: in error messages, logs, output files and the catalog. A key
 * can hide in a URL (`http://user:sk-…@host/v1`, `?api-key=…`); the config refuses such URLs
 * (config.ts), and this is the backstop wherever a system's URL leaves the process anyway:
 * credentials, query string and fragment are dropped. Called on error paths and once per
 * system written out, never per request.
 */

/**
 * `url` without user info, query string or fragment; a value that is not a URL becomes
 * "(invalid URL)" rather than being repeated.
 * @example publicBaseUrl("http://u:sk-1@h:8/v1?key=x") // "http://h:8/v1"
 */
export function publicBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "(invalid URL)";
  }
  if (
    parsed.username === "" &&
    parsed.password === "" &&
    parsed.search === "" &&
    parsed.hash === ""
  )
    return url;
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" && !url.endsWith("/") ? "" : parsed.pathname}`;
}
