-- A mail's send is leased: while one attempt's SMTP send is in flight (a local activity that timed out keeps
-- running), no other attempt claims the same outbox row and sends it again (API.md "Traces", issue 25).
ALTER TABLE "mail_outbox" ADD COLUMN "lease_until" timestamp with time zone;
