ALTER TABLE "proxy_requests" ADD COLUMN "warned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "proxy_requests" ADD COLUMN "overdue_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "proxy_requests_entrusted_idx" ON "proxy_requests" USING btree ("entrusted_at");