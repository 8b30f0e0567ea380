CREATE TABLE "page_sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"caller" jsonb,
	"csrf_token" text NOT NULL,
	"login" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "page_sessions_expires_at_idx" ON "page_sessions" USING btree ("expires_at");
