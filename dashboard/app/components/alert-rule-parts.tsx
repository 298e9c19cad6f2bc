/**
 * @module
 * Pieces the issue and metric alert pages share: the rule list panel (heading, "new" button, table
 * with a linked name column), and the name / enabled fields and submit row of both rule editors.
 */
import type { ReactNode } from "react";
import { Link } from "react-router";

/** What the shared pieces read of a rule of either kind. */
interface RuleIdentity {
  id: string;
  name: string;
  status: "active" | "disabled";
}

/**
 * A panel listing one kind of rule: a heading with a link to create one, then a table whose first
 * column is the rule's name (linked to `ruleTo`, badged when disabled) followed by the cells of
 * `cells`; `empty` stands in for the table when there are no rules.
 */
export function RuleListPanel<T extends RuleIdentity>(props: {
  title: string;
  newLabel: string;
  newTo: string;
  empty: string;
  testId: string;
  /** Headings of the columns after "Rule"; an empty string leaves a heading blank. */
  columns: readonly string[];
  rules: readonly T[];
  ruleTo: (rule: T) => string;
  cells: (rule: T) => ReactNode;
}) {
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>{props.title}</h2>
        <Link className="button primary" to={props.newTo}>
          {props.newLabel}
        </Link>
      </div>
      {props.rules.length === 0 ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <table className="data-table" data-testid={props.testId}>
          <thead>
            <tr>
              {["Rule", ...props.columns].map((c, i) => (
                // Headings are fixed per table: the position is a stable key.
                // biome-ignore lint/suspicious/noArrayIndexKey: blank headings repeat
                <th key={i}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rules.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={props.ruleTo(r)}>{r.name}</Link>{" "}
                  {r.status === "disabled" && <span className="badge">disabled</span>}
                </td>
                {props.cells(r)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The `name` and `enabled` fields of a rule editor; a new rule starts enabled. */
export function RuleIdentityFields({ rule }: { rule: Pick<RuleIdentity, "name" | "status"> | null | undefined }) {
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

/**
 * The submit row of a rule editor: save (or create), then `children` (extra buttons), then delete
 * for a saved rule; all disabled while a submission is `busy`.
 */
export function RuleFormButtons({ saved, busy, children }: { saved: boolean; busy: boolean; children?: ReactNode }) {
  return (
    <div className="form-row">
      <button type="submit" name="intent" value="save" className="primary" disabled={busy}>
        {saved ? "Save rule" : "Create rule"}
      </button>
      {children}
      {saved && (
        <button type="submit" name="intent" value="delete" disabled={busy} formNoValidate>
          Delete
        </button>
      )}
    </div>
  );
}
