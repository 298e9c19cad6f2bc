import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

/** Dashboard dev server on 127.0.0.1:3000 (DESIGN.md 3.4). */
export default defineConfig({
  plugins: [reactRouter()],
  server: { host: "127.0.0.1", port: 3000, strictPort: true },
});
