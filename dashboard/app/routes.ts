import { index, layout, prefix, type RouteConfig, route } from "@react-router/dev/routes";

/**
 * Route tree. Everything under `organizations/:org` needs a session (org-layout checks it and
 * loads the switcher data). Project settings have their own layout with a nav, so new settings
 * pages (alert rules, …) are one `route()` line here plus a nav entry in settings-layout.tsx.
 */
export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  route("organizations/:org", "routes/org-layout.tsx", [
    index("routes/org-index.tsx"),
    route("stats", "routes/org-stats.tsx"),
    ...prefix("projects/:project", [
      route("issues", "routes/issues.tsx"),
      route("issues/:issueId", "routes/issue-detail.tsx"),
      layout("routes/settings-layout.tsx", [
        ...prefix("settings", [
          index("routes/settings-index.tsx"),
          route("keys", "routes/settings-keys.tsx"),
          route("quotas", "routes/settings-quotas.tsx"),
          route("spike-protection", "routes/settings-spike-protection.tsx"),
          route("filters", "routes/settings-filters.tsx"),
          route("scrubbing", "routes/settings-scrubbing.tsx"),
          route("alerts", "routes/settings-alerts.tsx"),
          route("alerts/:ruleId", "routes/settings-alert-rule.tsx"),
          route("alerts/:ruleId/history", "routes/settings-alert-history.tsx"),
          route("metric-alerts/:ruleId", "routes/settings-metric-alert.tsx"),
        ]),
      ]),
    ]),
  ]),
] satisfies RouteConfig;
