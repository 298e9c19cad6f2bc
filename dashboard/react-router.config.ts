import type { Config } from "@react-router/dev/config";

/**
 * React Router framework-mode config. Server rendering stays on: loaders talk to the backend
 * from the server, so backend credentials (such as an API token) never reach the browser.
 * The v8 future flags are on from the start so the upgrade to React Router 8 is a no-op.
 */
export default {
  ssr: true,
  future: {
    v8_middleware: true,
    v8_splitRouteModules: true,
    v8_viteEnvironmentApi: true,
    v8_passThroughRequests: true,
    v8_trailingSlashAwareDataRequests: true,
  },
} satisfies Config;
