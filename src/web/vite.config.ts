/**
 * The web UI's build: React through Vite, written to dist/web, which `prefkit serve` serves.
 * Everything is bundled (no CDN): the UI works offline, and the server's Content-Security-Policy
 * can allow scripts from its own origin only.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  plugins: [react()],
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    // Modern browsers only: smaller bundles, and nothing the arena needs is missing.
    target: "es2022",
    reportCompressedSize: false,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080", "/web-ui.json": "http://127.0.0.1:8080" },
  },
});
