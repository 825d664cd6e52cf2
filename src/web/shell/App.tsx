import { useEffect, useState } from "react";
import { AdminPage } from "../admin/AdminPage";
import { ProjectAdminPage } from "../admin/ProjectAdminPage";
import { ArenaPage } from "../arena/ArenaPage";
import { LeaderboardPage } from "../leaderboard/LeaderboardPage";
import { QualityPage } from "../quality/QualityPage";
import { QueuePage } from "../queue/QueuePage";
/** The shell: a header with the signed-in person, and the page the hash route names. */
import { answerPendingLink, setToken } from "../shared/auth";
import { setShortcutsOn, shortcutsOn } from "../shared/keys";
import { type Route, useRoute } from "../shared/router";
import { ErrorNote, Loading } from "../shared/Status";
import { usePendingLink, useSession } from "../shared/session";
import { HomePage } from "./HomePage";
import { LinkPrompt } from "./LinkPrompt";
import { SignInPage } from "./SignInPage";

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
    case "quality":
      return <QualityPage project={route.project} />;
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
  const link = usePendingLink();
  // Nobody signed in (any more): a link signs in as it always did.
  const signedOut = session.state === "signed-out";
  useEffect(() => {
    if (link && signedOut) answerPendingLink(true);
  }, [link, signedOut]);
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
        {session.state === "loading" || (signedOut && link) ? (
          <Loading what="your session" />
        ) : session.state === "error" ? (
          <ErrorNote error={session.error} retry={() => window.location.reload()} />
        ) : session.state === "signed-out" ? (
          <SignInPage {...(session.reason ? { reason: session.reason } : {})} />
        ) : link ? (
          <LinkPrompt link={link} me={session.me} />
        ) : (
          <Page route={route} />
        )}
      </main>
    </>
  );
}
