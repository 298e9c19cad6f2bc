/**
 * @module
 * The one error view (STYLE d), used by every route's ErrorBoundary.
 */
import { isRouteErrorResponse, useRouteError } from "react-router";

/**
 * Shows a route error without leaking internals: route error responses show their status and the
 * backend's `detail`, anything else is a bug and gets a generic message (STYLE.md d); React
 * Router's server `handleError` logs the details.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  let title = "Something went wrong";
  let detail = "An unexpected error occurred. Check the dashboard server logs.";
  if (isRouteErrorResponse(error)) {
    title = `${error.status} ${error.statusText || (error.status === 404 ? "Not found" : "Error")}`;
    const fromBackend =
      error.data && typeof error.data === "object" && typeof (error.data as { detail?: unknown }).detail === "string"
        ? (error.data as { detail: string }).detail
        : null;
    detail =
      error.status === 404 ? "This page does not exist, or you cannot see it." : (fromBackend ?? "The request failed.");
  }
  return (
    <div className="error-state" role="alert">
      <h2>{title}</h2>
      <p>{detail}</p>
      <p>
        <a href="/">Back to the start</a>
      </p>
    </div>
  );
}
