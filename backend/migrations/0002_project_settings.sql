CREATE TABLE "filters" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"localhost" boolean DEFAULT false NOT NULL,
	"browser_extensions" boolean DEFAULT false NOT NULL,
	"web_crawlers" boolean DEFAULT false NOT NULL,
	"legacy_browsers" boolean DEFAULT false NOT NULL,
	"legacy_browser_options" text[] DEFAULT '{}'::text[] NOT NULL,
	"blacklisted_ips" text[] DEFAULT '{}'::text[] NOT NULL,
	"releases" text[] DEFAULT '{}'::text[] NOT NULL,
	"error_messages" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scrub_rules" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"scrub_data" boolean DEFAULT true NOT NULL,
	"scrub_defaults" boolean DEFAULT true NOT NULL,
	"scrub_ip_addresses" boolean DEFAULT false NOT NULL,
	"sensitive_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"safe_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"rules" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"applications" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "filters" ADD CONSTRAINT "filters_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrub_rules" ADD CONSTRAINT "scrub_rules_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;