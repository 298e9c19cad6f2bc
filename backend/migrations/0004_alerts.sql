CREATE TABLE "alert_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"outbox_id" bigint NOT NULL,
	"attempt" integer NOT NULL,
	"action_id" text NOT NULL,
	"target" text NOT NULL,
	"result" text NOT NULL,
	"http_status" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"attempted_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" integer NOT NULL,
	"kind" text NOT NULL,
	"rule_id" integer,
	"action" jsonb NOT NULL,
	"notification" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp (3) with time zone,
	CONSTRAINT "alert_outbox_status_check" CHECK ("alert_outbox"."status" in ('pending', 'delivered', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "alert_rule_fires" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_id" integer NOT NULL,
	"issue_id" bigint NOT NULL,
	"event_id" text NOT NULL,
	"reason" text NOT NULL,
	"fired_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_rule_issue_states" (
	"rule_id" integer NOT NULL,
	"issue_id" bigint NOT NULL,
	"last_fired_at" timestamp (3) with time zone NOT NULL,
	"cooldown_until" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "alert_rule_issue_states_rule_id_issue_id_pk" PRIMARY KEY("rule_id","issue_id")
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"organization_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"environment" text,
	"action_match" text NOT NULL,
	"filter_match" text NOT NULL,
	"frequency_minutes" integer NOT NULL,
	"conditions" jsonb NOT NULL,
	"filters" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_rules_frequency_check" CHECK ("alert_rules"."frequency_minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "metric_alert_evaluations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_id" integer NOT NULL,
	"evaluated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"value" double precision NOT NULL,
	"state" text NOT NULL,
	"changed" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_alert_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"organization_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"aggregate" text NOT NULL,
	"query" text DEFAULT '' NOT NULL,
	"environment" text,
	"time_window_minutes" integer NOT NULL,
	"threshold_type" integer DEFAULT 0 NOT NULL,
	"resolve_threshold" double precision,
	"triggers" jsonb NOT NULL,
	"state" text DEFAULT 'ok' NOT NULL,
	"state_changed_at" timestamp (3) with time zone,
	"last_evaluated_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_alert_rules_window_check" CHECK ("metric_alert_rules"."time_window_minutes" > 0),
	CONSTRAINT "metric_alert_rules_state_check" CHECK ("metric_alert_rules"."state" in ('ok', 'warning', 'critical'))
);
--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_outbox_id_alert_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."alert_outbox"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_outbox" ADD CONSTRAINT "alert_outbox_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rule_fires" ADD CONSTRAINT "alert_rule_fires_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rule_fires" ADD CONSTRAINT "alert_rule_fires_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rule_issue_states" ADD CONSTRAINT "alert_rule_issue_states_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rule_issue_states" ADD CONSTRAINT "alert_rule_issue_states_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_alert_evaluations" ADD CONSTRAINT "metric_alert_evaluations_rule_id_metric_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."metric_alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_alert_rules" ADD CONSTRAINT "metric_alert_rules_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_alert_rules" ADD CONSTRAINT "metric_alert_rules_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_deliveries_outbox_idx" ON "alert_deliveries" USING btree ("outbox_id");--> statement-breakpoint
CREATE INDEX "alert_outbox_due_idx" ON "alert_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "alert_outbox_rule_idx" ON "alert_outbox" USING btree ("kind","rule_id");--> statement-breakpoint
CREATE INDEX "alert_rule_fires_rule_idx" ON "alert_rule_fires" USING btree ("rule_id","fired_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alert_rules_project_idx" ON "alert_rules" USING btree ("project_id","status");--> statement-breakpoint
CREATE INDEX "metric_alert_evaluations_rule_idx" ON "metric_alert_evaluations" USING btree ("rule_id","evaluated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "metric_alert_rules_org_idx" ON "metric_alert_rules" USING btree ("organization_id");