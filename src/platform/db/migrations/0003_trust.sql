CREATE TABLE "company_register" (
	"registration_number" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"address" jsonb NOT NULL,
	"language" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activation_codes" ADD COLUMN "activation_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "activation_attempts" ADD COLUMN "certificate_ssn" text;--> statement-breakpoint
CREATE INDEX "activation_attempts_certificate_idx" ON "activation_attempts" USING btree ("certificate_ssn","at");
