DROP INDEX "persons_name_prefix_idx";--> statement-breakpoint
DROP INDEX "persons_initials_prefix_idx";--> statement-breakpoint
DROP INDEX "persons_full_prefix_idx";--> statement-breakpoint
DROP INDEX "places_initials_prefix_idx";--> statement-breakpoint
CREATE INDEX "dwellings_room_idx" ON "dwellings" USING btree ("room");--> statement-breakpoint
CREATE INDEX "persons_name_c_idx" ON "persons" USING btree ("name" collate "C");--> statement-breakpoint
CREATE INDEX "persons_initials_c_idx" ON "persons" USING btree ("name_initials" collate "C");--> statement-breakpoint
CREATE INDEX "persons_full_c_idx" ON "persons" USING btree ("name_full" collate "C");--> statement-breakpoint
CREATE INDEX "places_initials_c_idx" ON "places" USING btree ("name_initials" collate "C");