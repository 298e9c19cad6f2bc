import type { ReactNode } from "react";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useNavigation } from "react-router";
import uplotStylesheet from "uplot/dist/uPlot.min.css?url";
import type { Route } from "./+types/root";
import { GeneralErrorBoundary } from "./components/error-boundary.tsx";
import { checkOrigin } from "./models/csrf.server.ts";
import stylesheet from "./styles.css?url";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: uplotStylesheet },
  { rel: "stylesheet", href: stylesheet },
];

/**
 * CSRF, first line: every state-changing request from another origin is refused before any action
 * runs (models/csrf.server.ts). Actions then check the per-session token.
 */
export const middleware: Route.MiddlewareFunction[] = [
  async ({ request }, next) => {
    checkOrigin(request);
    return next();
  },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/** A thin bar at the top while a navigation or form submission is in flight. */
function LoadingBar() {
  const navigation = useNavigation();
  return navigation.state === "idle" ? null : <div className="loading-bar" role="progressbar" aria-label="Loading" />;
}

export default function App() {
  return (
    <>
      <LoadingBar />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return (
    <main className="page">
      <h1 className="brand">Breakwater</h1>
      <GeneralErrorBoundary />
    </main>
  );
}
