ALTER TABLE "case_photos" ALTER COLUMN "data" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "case_photos" ADD COLUMN "storage_key" varchar(64);--> statement-breakpoint
ALTER TABLE "case_photos" ADD COLUMN "width" integer;--> statement-breakpoint
ALTER TABLE "case_photos" ADD COLUMN "height" integer;--> statement-breakpoint
CREATE INDEX "case_photos_unmoved_idx" ON "case_photos" USING btree ("id") WHERE storage_key is null;--> statement-breakpoint
ALTER TABLE "case_photos" ADD CONSTRAINT "case_photos_stored_ck" CHECK (storage_key is not null or data is not null);