import { useState } from "react";
/** The shell: a header with the signed-in person, and the page the hash route names. */
import { setToken } from "./auth";
import { ErrorNote, Loading } from "./components/Status";
import { AdminPage } from "./pages/AdminPage";
import { ArenaPage } from "./pages/ArenaPage";
import { HomePage } from "./pages/HomePage";
import { LeaderboardPage } from "./pages/LeaderboardPage";
import { ProjectAdminPage } from "./pages/ProjectAdminPage";
import { QueuePage } from "./pages/QueuePage";
import { SignInPage } from "./pages/SignInPage";
import { setShortcutsOn, shortcutsOn } from "./keys";
import { type Route, useRoute } from "./router";
import { useSession } from "./session";

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "home":
      return <HomePage />;
    case "signin":
      return <SignInPage />;
    case "admin":
      return <AdminPage />;
    case "arena":
      return <ArenaPage project={route.project} />;
    case "queue":
      return <QueuePage project={route.project} />;
    case "leaderboard":
      return <LeaderboardPage project={route.project} />;
    case "project-admin":
      return <ProjectAdminPage project={route.project} />;
    case "not-found":
      return (
        <p className="status">
          Nothing here (<code>{route.path}</code>). <a href="#/">Projects</a>
        </p>
      );
  }
}

/** Single-key shortcuts can be turned off (someone using speech input may trigger them). */
function ShortcutsToggle() {
  const [on, setOn] = useState(shortcutsOn);
  return (
    <label className="toggle">
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => {
          setShortcutsOn(e.target.checked);
          setOn(e.target.checked);
        }}
      />{" "}
      Key shortcuts
    </label>
  );
}

export function App() {
  const session = useSession();
  const route = useRoute();
  return (
    <>
      <header className="topbar">
        <a className="brand" href="#/">
          prefkit
        </a>
        <nav aria-label="Main">
          {session.state === "signed-in" ? (
            <>
              <a href="#/">Projects</a>
              {session.me.role === "admin" ? <a href="#/admin">Admin</a> : null}
              <span className="who">
                {session.me.name} <span className="badge">{session.me.role}</span>
              </span>
              <ShortcutsToggle />
              <button type="button" className="link" onClick={() => setToken(null)}>
                Sign out
              </button>
            </>
          ) : null}
        </nav>
      </header>
      <main id="main">
        {session.state === "loading" ? (
          <Loading what="your session" />
        ) : session.state === "error" ? (
          <ErrorNote error={session.error} retry={() => window.location.reload()} />
        ) : session.state === "signed-out" ? (
          <SignInPage {...(session.reason ? { reason: session.reason } : {})} />
        ) : (
          <Page route={route} />
        )}
      </main>
    </>
  );
}
