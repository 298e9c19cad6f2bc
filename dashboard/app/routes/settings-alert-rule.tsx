import { data, Form, Link, redirect, useNavigation } from "react-router";
import { RuleFormButtons, RuleIdentityFields } from "../components/alert-rule-parts.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { WebhookFields } from "../components/webhook-fields.tsx";
import { issueRuleBody } from "../models/alert-rule-form.server.ts";
import { requireAction, requireApi, seg } from "../models/api.server.ts";
import {
  CONDITION,
  formFilters,
  INTERVALS,
  type IssueAlertRule,
  LEVELS,
  type RuleCondition,
} from "../utils/alert-rules.ts";
import { paths } from "../utils/paths.ts";
import type { Route } from "./+types/settings-alert-rule";

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `${d?.rule ? d.rule.name : "New issue alert"} · Breakwater` }];
}

const rulesPath = (org: string, project: string) => `/api/0/projects/${seg(org)}/${seg(project)}/rules/`;

/** `alerts/new` creates; `alerts/{id}` edits. */
const savedId = (ruleId: string): string | null => (ruleId === "new" ? null : ruleId);

export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const ruleId = savedId(params.ruleId);
  if (!ruleId) return { rule: null };
  const { body } = await api.get<IssueAlertRule>(`${rulesPath(params.org, params.project)}${seg(ruleId)}/`);
  return { rule: body };
}

type TestResult = { action: { id: string }; ok: boolean; httpStatus: number | null; error: string | null };

/** Save (create or replace), send a test notification with the form's actions, or delete. */
export async function action({ request, params }: Route.ActionArgs) {
  const { api, form } = await requireAction(request);
  const base = rulesPath(params.org, params.project);
  const intent = String(form.get("intent") ?? "save");
  const ruleId = savedId(params.ruleId);
  if (intent === "delete" && ruleId) {
    const res = await api.call("DELETE", `${base}${seg(ruleId)}/`);
    if (!res.ok) return data({ ok: null, error: res.detail, tests: null }, { status: res.status });
    return redirect(paths.settings(params.org, params.project, "alerts"));
  }
  const stored = ruleId ? (await api.call<IssueAlertRule>("GET", `${base}${seg(ruleId)}/`)).body : null;
  const built = issueRuleBody(form, stored);
  if ("error" in built) return data({ ok: null, error: built.error, tests: null }, { status: 400 });
  if (intent === "test") {
    const body = built.body as { name: string; actions: unknown[] };
    const res = await api.call<{ results: TestResult[] }>("POST", `${base}test-fire-actions/`, {
      name: body.name,
      actions: body.actions,
      ...(ruleId ? { ruleId: Number(ruleId) } : {}),
    });
    if (!res.ok) return data({ ok: null, error: res.detail, tests: null }, { status: res.status });
    const failed = res.body.results.filter((r) => !r.ok);
    return {
      ok: failed.length === 0 ? "Test notification sent." : null,
      error: failed.length > 0 ? `${failed.length} of ${res.body.results.length} actions failed (see below).` : null,
      tests: res.body.results,
    };
  }
  const res = ruleId
    ? await api.call<IssueAlertRule>("PUT", `${base}${seg(ruleId)}/`, built.body)
    : await api.call<IssueAlertRule>("POST", base, built.body);
  if (!res.ok) return data({ ok: null, error: res.detail, tests: null }, { status: res.status });
  if (!ruleId) return redirect(paths.settings(params.org, params.project, `alerts/${res.body.id}`));
  return { ok: "Rule saved.", error: null, tests: null };
}

function IntervalSelect({ name, value }: { name: string; value: string }) {
  return (
    <select name={name} defaultValue={value} aria-label="Window">
      {INTERVALS.map((i) => (
        <option key={i} value={i}>
          {i}
        </option>
      ))}
    </select>
  );
}

/**
 * One "more than N in a window" condition: the checkbox `cond_<field>`, the count `<field>_value`
 * and the window `<field>_interval`, filled from the rule's condition if it has one.
 */
function CountConditionRow(props: {
  field: string;
  condition: RuleCondition | undefined;
  before: string;
  after: string;
  unit: string;
  defaultValue: number;
}) {
  const c = props.condition;
  return (
    <div className="form-row">
      <label className="check">
        <input type="checkbox" name={`cond_${props.field}`} defaultChecked={Boolean(c)} /> {props.before}
      </label>
      <input
        name={`${props.field}_value`}
        type="number"
        min={0}
        defaultValue={c && "value" in c ? c.value : props.defaultValue}
        aria-label={props.unit}
      />
      <span>{props.after}</span>
      <IntervalSelect name={`${props.field}_interval`} value={c && "interval" in c ? c.interval : "1h"} />
    </div>
  );
}

export default function SettingsAlertRule({ loaderData, actionData, params }: Route.ComponentProps) {
  const { rule } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const has = (id: string) => rule?.conditions.find((c) => c.id === id);
  const freq = has(CONDITION.frequency);
  const users = has(CONDITION.users);
  const { level, release, tag, others } = formFilters(rule?.filters ?? []);
  const webhook = rule?.actions.find((a) => a.id === "webhook");
  const email = rule?.actions.find((a) => a.id === "email");
  const slack = rule?.actions.find((a) => a.id === "slack");
  return (
    <div>
      <p className="crumbs">
        <Link to={paths.settings(params.org, params.project, "alerts")}>Alert rules</Link> /
      </p>
      <h1>{rule ? rule.name : "New issue alert"}</h1>
      {rule && (
        <p>
          <Link to={paths.settings(params.org, params.project, `alerts/${rule.id}/history`)}>Alert history</Link>
        </p>
      )}
      <FormStatus result={actionData} />
      {actionData?.tests && (
        <ul className="test-results" data-testid="test-results">
          {/* The form has one action of each kind: the kind is a key. */}
          {actionData.tests.map((t) => (
            <li key={t.action.id}>
              {t.action.id}: {t.ok ? "sent" : `failed (${t.error ?? t.httpStatus})`}
            </li>
          ))}
        </ul>
      )}
      <Form method="post" className="panel stacked-form" data-testid="rule-form">
        <CsrfInput />
        <RuleIdentityFields rule={rule} />

        <fieldset>
          <legend>
            When{" "}
            <select name="actionMatch" defaultValue={rule?.actionMatch ?? "any"} aria-label="Conditions must match">
              <option value="any">any</option>
              <option value="all">all</option>
            </select>{" "}
            of these happen
          </legend>
          <label className="check">
            <input type="checkbox" name="cond_new" defaultChecked={rule ? Boolean(has(CONDITION.firstSeen)) : true} /> A
            new issue is created
          </label>
          <label className="check">
            <input type="checkbox" name="cond_regression" defaultChecked={Boolean(has(CONDITION.regression))} /> An
            issue regresses (resolved, then seen again)
          </label>
          <CountConditionRow
            field="freq"
            condition={freq}
            before="An issue is seen more than"
            after="times in"
            unit="Events"
            defaultValue={100}
          />
          <CountConditionRow
            field="users"
            condition={users}
            before="More than"
            after="users are affected in"
            unit="Users"
            defaultValue={10}
          />
        </fieldset>

        <fieldset>
          <legend>
            If{" "}
            <select name="filterMatch" defaultValue={rule?.filterMatch ?? "all"} aria-label="Filters must match">
              <option value="all">all</option>
              <option value="any">any</option>
              <option value="none">none</option>
            </select>{" "}
            of these filters match the event
          </legend>
          <div className="form-row">
            <label>
              Level{" "}
              <select name="level_match" defaultValue={level && "level" in level ? level.match : ""}>
                <option value="">any level</option>
                <option value="gte">at least</option>
                <option value="eq">exactly</option>
                <option value="lte">at most</option>
              </select>
            </label>
            <select name="level" defaultValue={level && "level" in level ? level.level : 40} aria-label="Level">
              {LEVELS.map(([name, n]) => (
                <option key={n} value={n}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <label>
            Release is{" "}
            <input
              name="release"
              defaultValue={release && "value" in release ? release.value : ""}
              placeholder="any release"
            />
          </label>
          <div className="form-row">
            <label>
              Tag <input name="tag_key" defaultValue={tag && "key" in tag ? tag.key : ""} placeholder="e.g. browser" />
            </label>
            <select name="tag_match" defaultValue={tag && "key" in tag ? tag.match : "eq"} aria-label="Tag match">
              <option value="eq">equals</option>
              <option value="ne">does not equal</option>
              <option value="co">contains</option>
              <option value="nc">does not contain</option>
            </select>
            <input name="tag_value" defaultValue={tag && "key" in tag ? tag.value : ""} aria-label="Tag value" />
          </div>
          <label>
            Environment{" "}
            <input name="environment" defaultValue={rule?.environment ?? ""} placeholder="any environment" />
          </label>
          {others.length > 0 && (
            <p className="muted small">
              {others.length} more filter{others.length > 1 ? "s" : ""} set through the API{" "}
              {others.length > 1 ? "are" : "is"} kept.
            </p>
          )}
        </fieldset>

        <fieldset>
          <legend>Then notify</legend>
          <WebhookFields webhook={webhook} />
          <label>
            Email{" "}
            <input
              name="email"
              defaultValue={email?.id === "email" ? email.targetIdentifier.join(", ") : ""}
              placeholder="oncall@example.com, …"
            />
          </label>
          <label>
            Slack incoming webhook URL{" "}
            <input
              name="slack_url"
              type="password"
              autoComplete="off"
              placeholder={slack ? "unchanged" : "https://hooks.slack.com/services/…"}
            />
          </label>
          {slack && (
            <label className="check">
              <input type="checkbox" name="slack_keep" defaultChecked /> Keep the saved Slack webhook
            </label>
          )}
        </fieldset>

        <label>
          Cool-down per issue (minutes){" "}
          <input name="frequency" type="number" min={0} max={43200} defaultValue={rule?.frequency ?? 30} required />
        </label>
        <RuleFormButtons saved={Boolean(rule)} busy={busy}>
          <button type="submit" name="intent" value="test" disabled={busy}>
            Send test notification
          </button>
        </RuleFormButtons>
      </Form>
    </div>
  );
}
