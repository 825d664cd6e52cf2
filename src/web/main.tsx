import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { takeTokenFromLocation } from "./shared/auth";
import { SessionProvider } from "./shared/session";
import { App } from "./shell/App";
import "./styles.css";

takeTokenFromLocation();
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <SessionProvider>
        <App />
      </SessionProvider>
    </StrictMode>,
  );
}
