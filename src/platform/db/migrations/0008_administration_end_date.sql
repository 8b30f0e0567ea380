-- The administration's end date of a mandate is a ceiling for the mandator (API.md "Identity and trust, second round").
ALTER TABLE "mandates" ADD COLUMN "administration_end_date" timestamp with time zone;
--> statement-breakpoint
-- The register names the company everywhere: spaces of a registered number carry the register's name and address.
UPDATE "spaces" SET "company_name" = r."name", "company_address" = r."address" FROM "company_register" r WHERE r."registration_number" = "spaces"."company_registration_number";
