/**
 * The browser's one way to the prefkit API: JSON over fetch with the signed-in token. Every
 * failure becomes an `ApiFailure` whose message is the server's own (it names the field), so
 * each page can show it as it is.
 */
import type { ErrorBody } from "../../api";
import { currentToken, signOut } from "./auth";

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** What a failed request's body may hold: the API's error, or anything a proxy sent instead. */
type FailureBody = { error?: Partial<ErrorBody["error"]> };

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  body?: unknown;
  /** A raw body (an uploaded file) sent as it is, with this content type. */
  raw?: { data: Blob | ArrayBuffer | string; type: string };
  signal?: AbortSignal;
  /** Another token than the signed-in one (a link's, to ask whose it is): its 401 signs nobody out. */
  token?: string;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = options.token ?? currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.raw) {
    headers["content-type"] = options.raw.type;
    body = options.raw.data;
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers,
      ...(body === undefined ? {} : { body }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiFailure(0, "network", "The server cannot be reached. Check your connection.");
  }
  if (!response.ok) {
    const parsed = (await response.json().catch(() => ({}))) as FailureBody;
    // The token was revoked or replaced while the page was open: back to the sign-in page
    // (not for a link's token being checked, nor for one replaced since the request left).
    if (
      response.status === 401 &&
      options.token === undefined &&
      token &&
      token === currentToken()
    ) {
      signOut("Your sign-in is not valid any more (the link was revoked or replaced).");
    }
    throw new ApiFailure(
      response.status,
      parsed.error?.code ?? "http_error",
      parsed.error?.message ?? `${response.status} ${response.statusText}`,
      parsed.error?.field,
    );
  }
  return response;
}

/**
 * The JSON answer, or undefined for 204 (nothing left, nothing to say). `T` is one of the API's
 * answer types (src/api): this is the one place the UI takes the server's word for a shape,
 * which the API suite checks against the same schemas.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T | undefined> {
  const response = await send(path, options);
  if (response.status === 204) return undefined;
  return (await response.json()) as T;
}

/** The answer as a file, for downloads that need the token (a plain link cannot send it). */
export async function download(path: string): Promise<{ blob: Blob; filename: string }> {
  const response = await send(path, {});
  const disposition = response.headers.get("content-disposition") ?? "";
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "export";
  return { blob: await response.blob(), filename };
}

/**
 * A POST whose answer is server-sent events (the live arena): each event is handed to `onEvent`
 * as it arrives; resolves when the stream ends. A refusal before the stream (a JSON error) is
 * an ApiFailure, as for `api`.
 */
export async function streamEvents(
  path: string,
  options: RequestOptions,
  onEvent: (event: string, data: unknown) => void,
): Promise<void> {
  const response = await send(path, { ...options, method: options.method ?? "POST" });
  const reader = response.body?.getReader();
  if (!reader) return;
  const decoder = new TextDecoder();
  let buffer = "";
  const dispatch = (block: string) => {
    let event = "message";
    let data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data += line.slice(5).trimStart();
    }
    if (data === "") return;
    onEvent(event, JSON.parse(data));
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
      }
    }
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiFailure(0, "network", "The connection broke while the answers were coming.");
  }
  if (buffer.trim() !== "") dispatch(buffer);
}
