/**
 * @module
 * The hidden CSRF field every form inside an organization carries (see models/csrf.server.ts).
 */
import { useRouteLoaderData } from "react-router";

/** Route id of the organization layout, whose loader exposes the session's CSRF token. */
export const ORG_LAYOUT_ID = "routes/org-layout";

/** `<input type="hidden" name="csrf">` with this session's token. */
export function CsrfInput() {
  const data = useRouteLoaderData<{ csrf: string }>(ORG_LAYOUT_ID);
  return <input type="hidden" name="csrf" value={data?.csrf ?? ""} />;
}
