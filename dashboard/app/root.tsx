import type { ReactNode } from "react";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration } from "react-router";
import type { Route } from "./+types/root";

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "2rem auto", maxWidth: "48rem", lineHeight: 1.5 }}>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/**
 * Top-level boundary. Route error responses show their status; anything else is a bug and gets a
 * generic message, never the raw `error.message` (STYLE.md d). React Router's server `handleError`
 * already logs the details, so they stay in the server log.
 */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  let title = "Something went wrong";
  let detail = "An unexpected error occurred. Check the dashboard server logs.";
  if (isRouteErrorResponse(error)) {
    title = `${error.status} ${error.statusText || "Error"}`;
    detail = error.status === 404 ? "This page does not exist." : "The request could not be completed.";
  }
  return (
    <main>
      <h1>Breakwater</h1>
      <h2>{title}</h2>
      <p>{detail}</p>
    </main>
  );
}
