CREATE TABLE "quotas" (
	"pk" serial PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"organization_id" integer NOT NULL,
	"project_id" integer,
	"key_id" integer,
	"scope" text NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"limit" integer NOT NULL,
	"window_seconds" integer NOT NULL,
	"reason_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quotas_owner_id_unique" UNIQUE NULLS NOT DISTINCT("scope","organization_id","project_id","key_id","id"),
	CONSTRAINT "quotas_scope_check" CHECK ("quotas"."scope" in ('organization', 'project', 'key')),
	CONSTRAINT "quotas_scope_ids_check" CHECK (("quotas"."scope" = 'organization' and "quotas"."project_id" is null and "quotas"."key_id" is null)
        or ("quotas"."scope" = 'project' and "quotas"."project_id" is not null and "quotas"."key_id" is null)
        or ("quotas"."scope" = 'key' and "quotas"."project_id" is not null and "quotas"."key_id" is not null)),
	CONSTRAINT "quotas_limit_check" CHECK ("quotas"."limit" >= 0),
	CONSTRAINT "quotas_window_check" CHECK ("quotas"."window_seconds" > 0)
);
--> statement-breakpoint
CREATE TABLE "spike_protection" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"enabled" boolean NOT NULL,
	"floor" integer NOT NULL,
	"multiplier" double precision NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spike_protection_floor_check" CHECK ("spike_protection"."floor" >= 0),
	CONSTRAINT "spike_protection_multiplier_check" CHECK ("spike_protection"."multiplier" > 0)
);
--> statement-breakpoint
ALTER TABLE "project_keys" ADD COLUMN "secret_key" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "quotas" ADD CONSTRAINT "quotas_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotas" ADD CONSTRAINT "quotas_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotas" ADD CONSTRAINT "quotas_key_id_project_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."project_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spike_protection" ADD CONSTRAINT "spike_protection_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quotas_organization_idx" ON "quotas" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "quotas_project_idx" ON "quotas" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "quotas_key_idx" ON "quotas" USING btree ("key_id");