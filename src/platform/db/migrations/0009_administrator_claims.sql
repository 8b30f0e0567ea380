-- Administrator recovery by post (API.md "Administrator recovery"): claims and the codes typed for them.
CREATE TABLE "administrator_claims" (
	"id" uuid PRIMARY KEY NOT NULL,
	"registration_number" text NOT NULL,
	"claimant_person_id" uuid NOT NULL REFERENCES "persons"("id"),
	"claimant_certificate_ssn" text NOT NULL,
	"status" text NOT NULL,
	"code_hash" text,
	"letter_id" uuid,
	"recipient" jsonb,
	"letter_language" text,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_by" uuid REFERENCES "persons"("id"),
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "administrator_claims_open_key" ON "administrator_claims" USING btree ("claimant_person_id","registration_number") WHERE status = 'letter_sent';
--> statement-breakpoint
CREATE INDEX "administrator_claims_company_idx" ON "administrator_claims" USING btree ("registration_number","status","created_at","id");
--> statement-breakpoint
CREATE INDEX "administrator_claims_claimant_idx" ON "administrator_claims" USING btree ("claimant_person_id","created_at","id");
--> statement-breakpoint
CREATE TABLE "claim_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"claim_id" uuid NOT NULL,
	"certificate_ssn" text NOT NULL,
	"success" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "claim_attempts_claim_idx" ON "claim_attempts" USING btree ("claim_id","at");
--> statement-breakpoint
CREATE INDEX "claim_attempts_certificate_idx" ON "claim_attempts" USING btree ("certificate_ssn","at");
