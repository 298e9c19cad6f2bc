/**
 * @module
 * Who a request acts for. An API token acts for its one organization; a dashboard session acts for
 * its user, who may belong to several organizations. Handlers scope every read through
 * `routes/resolve.ts`, which checks against `organizations`.
 */

/** An organization the caller may see. */
export interface PrincipalOrganization {
  id: number;
  slug: string;
}

/** The authenticated caller of a `/api/0` request. */
export interface Principal {
  kind: "token" | "session";
  /** The token's id, or the session's id. */
  tokenId: number;
  /** The logged-in user (sessions), or the token's creator when known; null otherwise. */
  userId: number | null;
  /**
   * The organization the request addresses: the token's own, or for a session the `{org}` of the
   * path when the user belongs to it, else the user's first organization.
   */
  organizationId: number;
  organizationSlug: string;
  /** Every organization the caller may see (one for tokens, the memberships for sessions). */
  organizations: PrincipalOrganization[];
}
