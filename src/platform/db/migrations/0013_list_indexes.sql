-- Lists that stay fast at any size (bench "Lists at scale"): each list reads its page in order from an index
-- whose columns end with the page's sort key, so a page costs the same in a space of 200 rows as of 10,000.
-- The members of a space, oldest first (GET /spaces/{spaceId}/members).
CREATE INDEX "memberships_space_time_idx" ON "memberships" USING btree ("space_id","created_at","id");
--> statement-breakpoint
-- The invitations addressed to a certificate, oldest first (GET /me/invitations); the former index on
-- (certificate_ssn, status) is this one's prefix.
DROP INDEX "invitations_certificate_idx";
--> statement-breakpoint
CREATE INDEX "invitations_certificate_idx" ON "invitations" USING btree ("certificate_ssn","status","created_at","id");
