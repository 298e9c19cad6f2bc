/**
 * @module
 * Pieces the issue and metric alert pages share: the list panel with its "new" button, a rule's
 * name cell, and the name / enabled fields at the top of both rule editors.
 */
import type { ReactNode } from "react";
import { Link } from "react-router";

/** What the shared pieces read of a rule of either kind. */
interface RuleIdentity {
  name: string;
  status: "active" | "disabled";
}

/** A panel listing one kind of rule: heading, a link to create one, then the table or `empty`. */
export function RuleListPanel(props: {
  title: string;
  newLabel: string;
  newTo: string;
  /** Shown instead of the table when there are no rules. */
  empty: string | null;
  children: ReactNode;
}) {
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>{props.title}</h2>
        <Link className="button primary" to={props.newTo}>
          {props.newLabel}
        </Link>
      </div>
      {props.empty === null ? props.children : <p className="muted">{props.empty}</p>}
    </section>
  );
}

/** The name cell of a rule list: a link to the rule, and a badge when it is disabled. */
export function RuleNameCell({ rule, to }: { rule: RuleIdentity; to: string }) {
  return (
    <td>
      <Link to={to}>{rule.name}</Link> {rule.status === "disabled" && <span className="badge">disabled</span>}
    </td>
  );
}

/** The `name` and `enabled` fields of a rule editor; a new rule starts enabled. */
export function RuleIdentityFields({ rule }: { rule: RuleIdentity | null | undefined }) {
  return (
    <>
      <label>
        Name <input name="name" required maxLength={256} defaultValue={rule?.name ?? ""} />
      </label>
      <label className="check">
        <input type="checkbox" name="enabled" defaultChecked={rule ? rule.status === "active" : true} /> Enabled
      </label>
    </>
  );
}
