ALTER TABLE "certification_documents" ADD COLUMN "kind" text;--> statement-breakpoint
CREATE INDEX "procedures_on_behalf_idx" ON "procedures" USING btree ("on_behalf_of","created_at","id");
