CREATE TABLE "certification_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certification_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"space_id" uuid NOT NULL,
	"activity_field" text NOT NULL,
	"authority" text NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"requested_by" uuid NOT NULL,
	"decided_by" uuid,
	"reason" text,
	"information_request" text,
	"supplement_due_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "space_certifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"space_id" uuid NOT NULL,
	"activity_field" text,
	"section" text,
	"via" text NOT NULL,
	"request_id" uuid,
	"certified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certification_documents" ADD CONSTRAINT "certification_documents_uploaded_by_persons_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_requests" ADD CONSTRAINT "certification_requests_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_requests" ADD CONSTRAINT "certification_requests_requested_by_persons_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_requests" ADD CONSTRAINT "certification_requests_decided_by_persons_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_certifications" ADD CONSTRAINT "space_certifications_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_certifications" ADD CONSTRAINT "space_certifications_request_id_certification_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."certification_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certification_documents_request_idx" ON "certification_documents" USING btree ("request_id","created_at","position");--> statement-breakpoint
CREATE UNIQUE INDEX "certification_requests_open_field_key" ON "certification_requests" USING btree ("space_id","activity_field") WHERE status in ('submitted', 'information_requested');--> statement-breakpoint
CREATE INDEX "certification_requests_space_idx" ON "certification_requests" USING btree ("space_id","created_at","id");--> statement-breakpoint
CREATE INDEX "certification_requests_authority_idx" ON "certification_requests" USING btree ("authority","status","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "space_certifications_field_key" ON "space_certifications" USING btree ("space_id","activity_field") WHERE activity_field is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "space_certifications_section_key" ON "space_certifications" USING btree ("space_id","section") WHERE section is not null;