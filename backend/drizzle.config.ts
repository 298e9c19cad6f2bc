/**
 * drizzle-kit configuration: `cd backend && npx drizzle-kit generate` writes SQL migrations to
 * `migrations/`, which `src/db/client.ts` applies at start.
 */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/index.ts",
  out: "./migrations",
});
