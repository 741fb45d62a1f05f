ALTER TABLE "proxy_requests" ADD COLUMN "signature_key" varchar(64);--> statement-breakpoint
ALTER TABLE "proxy_requests" DROP COLUMN "signature_file_id";