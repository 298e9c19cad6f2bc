#!/usr/bin/env node
// `breakwater [backend|consumer]`: the backend's processes, run from their TypeScript sources
// through tsx (the repository's runner; no build step). See backend/README.md.
import { register } from "tsx/esm/api";

const COMMANDS = { backend: "../src/main.ts", consumer: "../src/consumer.ts" };
const [command = "backend", ...rest] = process.argv.slice(2);
if (!(command in COMMANDS) || rest.length > 0) {
  process.stderr.write(
    "usage: breakwater [backend|consumer]\n  configuration comes from the environment (backend/README.md)\n",
  );
  process.exit(2);
}
register();
await import(new URL(COMMANDS[command], import.meta.url).href);
