-- Webhook deliveries keep a status line, never the receiver's body (等保2.0 三级 review: the log echoed what inside systems answered). last_error ('HTTP 500: <body>') becomes last_result ('500', '200 OK', 'timeout: …', 'refused: loopback address'), 100 characters at most; stored bodies are dropped.
ALTER TABLE "webhook_deliveries" RENAME COLUMN "last_error" TO "last_result";--> statement-breakpoint
UPDATE "webhook_deliveries" SET "last_result" = CASE WHEN "last_status" IS NOT NULL THEN "last_status"::text ELSE left(regexp_replace("last_result", '\s+', ' ', 'g'), 100) END WHERE "last_result" IS NOT NULL OR "last_status" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ALTER COLUMN "last_result" SET DATA TYPE varchar(100);
