/**
 * @module
 * Dashboard links in notifications, matching the dashboard's routes (`dashboard/app/routes.ts`):
 * issues and alert rule pages live under the project.
 */
const e = encodeURIComponent;

/** An issue's page. */
export const issueUrl = (dashboardUrl: string, org: string, project: string, issueId: number): string =>
  `${dashboardUrl}/organizations/${e(org)}/projects/${e(project)}/issues/${issueId}`;

/** An issue alert rule's page (its history), or the project's rule list without an id. */
export const issueRuleUrl = (dashboardUrl: string, org: string, project: string, ruleId: number | null): string =>
  `${dashboardUrl}/organizations/${e(org)}/projects/${e(project)}/settings/alerts${ruleId === null ? "" : `/${ruleId}/history`}`;

/** A metric alert rule's page (its chart and history). */
export const metricRuleUrl = (dashboardUrl: string, org: string, project: string, ruleId: number): string =>
  `${dashboardUrl}/organizations/${e(org)}/projects/${e(project)}/settings/metric-alerts/${ruleId}`;
