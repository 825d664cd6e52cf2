/**
 * Hash routes (`#/projects/demo/arena`): the server serves one page for every path, and a
 * bookmark or a phone's back button works without server-side routing.
 */
import { useEffect, useState } from "react";

export type Route =
  | { page: "home" }
  | { page: "signin" }
  | { page: "admin" }
  | { page: "arena" | "queue" | "leaderboard" | "quality" | "project-admin"; project: string }
  | { page: "not-found"; path: string };

const PROJECT_PAGES: Record<string, Route["page"]> = {
  arena: "arena",
  queue: "queue",
  leaderboard: "leaderboard",
  quality: "quality",
  admin: "project-admin",
};

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/";
  // An invite link is auth.ts's to take; were it ever to get here, it is not shown as a path.
  if (path === "/" || /token=/i.test(path)) return { page: "home" };
  if (path === "/signin") return { page: "signin" };
  if (path === "/admin") return { page: "admin" };
  const match = /^\/projects\/([^/]+)\/([a-z]+)$/.exec(path);
  const page = match?.[2] ? PROJECT_PAGES[match[2]] : undefined;
  if (match?.[1] && page) {
    return { page, project: decodeURIComponent(match[1]) } as Route;
  }
  return { page: "not-found", path };
}

export function projectPath(
  project: string,
  page: "arena" | "queue" | "leaderboard" | "quality" | "admin",
) {
  return `#/projects/${encodeURIComponent(project)}/${page}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}
