/**
 * @module
 * Dashboard URLs, built in one place so links and redirects agree.
 */
const e = encodeURIComponent;

/** URL builders. */
export const paths = {
  org: (org: string) => `/organizations/${e(org)}`,
  stats: (org: string) => `/organizations/${e(org)}/stats`,
  issues: (org: string, project: string) => `/organizations/${e(org)}/projects/${e(project)}/issues`,
  issue: (org: string, project: string, id: string) =>
    `/organizations/${e(org)}/projects/${e(project)}/issues/${e(id)}`,
  settings: (org: string, project: string, page = "") =>
    `/organizations/${e(org)}/projects/${e(project)}/settings${page ? `/${page}` : ""}`,
};
