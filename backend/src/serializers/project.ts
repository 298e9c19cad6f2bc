/**
 * @module
 * Project details JSON (`GET|PUT /api/0/projects/{org}/{project}/`): the subset of Sentry's
 * `DetailedProjectSerializer` that Breakwater has, namely identity plus the data scrubbing fields and
 * the inbound-filter options (`filters:*`, newline-separated as in Sentry).
 * @see https://docs.sentry.io/api/projects/retrieve-a-project/
 */
import type { FiltersConfig } from "@breakwater/core/filter";
import type { PiiConfig } from "@breakwater/core/pii";
import type { ProjectWithOrganization } from "../db/queries/projects.ts";

/** Keys of the project options that hold list-valued inbound filters (Sentry's names). */
export const FILTER_OPTION_KEYS = {
  blacklistedIps: "filters:blacklisted_ips",
  releases: "filters:releases",
  errorMessages: "filters:error_messages",
} as const;

/** `options` of the project details. */
export interface ProjectOptionsJson {
  /** Client IPs / CIDR networks whose events are dropped, one per line. */
  "filters:blacklisted_ips": string;
  /** Release globs whose events are dropped, one per line. */
  "filters:releases": string;
  /** Error message globs whose events are dropped, one per line. */
  "filters:error_messages": string;
}

/** The project details. */
export interface ProjectDetailsJson {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  dateCreated: string;
  status: "active" | "disabled";
  organization: { id: string; slug: string; name: string };
  dataScrubber: boolean;
  dataScrubberDefaults: boolean;
  scrubIPAddresses: boolean;
  sensitiveFields: string[];
  safeFields: string[];
  /** `{"rules": {...}, "applications": {...}}` as a JSON string, or null when there are none. */
  relayPiiConfig: string | null;
  options: ProjectOptionsJson;
}

/** `relayPiiConfig`: Sentry keeps the advanced rules as a JSON string; null when empty. */
export function relayPiiConfigJson(pii: Pick<PiiConfig, "rules" | "applications">): string | null {
  if (Object.keys(pii.rules).length === 0 && Object.keys(pii.applications).length === 0) return null;
  return JSON.stringify({ rules: pii.rules, applications: pii.applications });
}

/** Serializes a project with its settings. */
export function serializeProjectDetails(
  { project, organization }: ProjectWithOrganization,
  filters: FiltersConfig,
  pii: PiiConfig,
): ProjectDetailsJson {
  return {
    id: String(project.id),
    slug: project.slug,
    name: project.name,
    platform: project.platform,
    dateCreated: project.createdAt.toISOString(),
    status: project.status,
    organization: { id: String(organization.id), slug: organization.slug, name: organization.name },
    dataScrubber: pii.scrubData,
    dataScrubberDefaults: pii.scrubDefaults,
    scrubIPAddresses: pii.scrubIpAddresses,
    sensitiveFields: [...pii.sensitiveFields],
    safeFields: [...pii.safeFields],
    relayPiiConfig: relayPiiConfigJson(pii),
    options: {
      [FILTER_OPTION_KEYS.blacklistedIps]: filters.clientIps.blacklistedIps.join("\n"),
      [FILTER_OPTION_KEYS.releases]: filters.releases.releases.join("\n"),
      [FILTER_OPTION_KEYS.errorMessages]: filters.errorMessages.patterns.join("\n"),
    },
  };
}
