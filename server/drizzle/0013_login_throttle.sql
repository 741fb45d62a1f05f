-- Sign-in throttling replaces the account lock: failures per address, account and pair, with growing waits (server/src/modules/auth/throttle.ts); the lock columns go.
CREATE TABLE "login_throttle" (
	"key" varchar(160) PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "login_throttle_last_idx" ON "login_throttle" USING btree ("last_failure_at");--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";