-- Floods (API.md "Trust rules"): what each limited action took, per bucket (a company and section, a space and
-- recipient), counted under a lock so that concurrent requests never get past the limit.
CREATE TABLE "rate_limit_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"bucket" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_limit_events_bucket_idx" ON "rate_limit_events" USING btree ("bucket","at");
