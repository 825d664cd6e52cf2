import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { watchForTokens } from "./shared/auth";
import { SessionProvider } from "./shared/session";
import { loadUiConfig } from "./shared/ui-config";
import { App } from "./shell/App";
import "./styles.css";

// Before the router listens to hash changes: no route ever sees an invite link's token.
watchForTokens();
const root = document.getElementById("root");
// The server's options first: the first render already knows which images it may load.
void loadUiConfig().then(() => {
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <SessionProvider>
        <App />
      </SessionProvider>
    </StrictMode>,
  );
});
