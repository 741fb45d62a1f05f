-- 0 is the code's "no user row" (start-up work, anonymous residents): store it as NULL so the new
-- foreign keys to users hold. audit_log is append-only and already stores NULL for 0.
UPDATE "case_photos" SET "uploaded_by" = NULL WHERE "uploaded_by" = 0;--> statement-breakpoint
-- The timeline is append-only; this one-time rewrite of the sentinel is the exception.
ALTER TABLE "case_events" DISABLE TRIGGER "case_events_no_update";--> statement-breakpoint
UPDATE "case_events" SET "actor_user_id" = NULL WHERE "actor_user_id" = 0;--> statement-breakpoint
ALTER TABLE "case_events" ENABLE TRIGGER "case_events_no_update";--> statement-breakpoint
UPDATE "case_extensions" SET "requested_by" = NULL WHERE "requested_by" = 0;--> statement-breakpoint
UPDATE "case_extensions" SET "decided_by" = NULL WHERE "decided_by" = 0;--> statement-breakpoint
UPDATE "org_unit_geometries" SET "created_by" = NULL WHERE "created_by" = 0;--> statement-breakpoint
-- Preflight: the constraints below would fail on rows written before they existed. Name those rows
-- (key and value, at most 20 per constraint) and stop, instead of failing on the first with
-- PostgreSQL's bare "violates check constraint". Fix the rows, then start again.
DO $preflight$
DECLARE
  bad text;
  problems text := '';
BEGIN
  select string_agg(format('%s (%s)', "id", "actor_id"), ', ' order by "id") into bad from (select * from "audit_log" x where x."actor_id" is not null and not exists (select 1 from "users" y where y."id" = x."actor_id") order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  audit_log.actor_id names no users row (audit_log_actor_id_users_id_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "category_key", "updated_by"), ', ' order by "category_key") into bad from (select * from "case_category_settings" x where x."updated_by" is not null and not exists (select 1 from "users" y where y."id" = x."updated_by") order by "category_key" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  case_category_settings.updated_by names no users row (case_category_settings_updated_by_users_id_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "actor_user_id"), ', ' order by "id") into bad from (select * from "case_events" x where x."actor_user_id" is not null and not exists (select 1 from "users" y where y."id" = x."actor_user_id") order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  case_events.actor_user_id names no users row (case_events_actor_user_id_users_id_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "requested_by"), ', ' order by "id") into bad from (select * from "case_extensions" x where x."requested_by" is not null and not exists (select 1 from "users" y where y."id" = x."requested_by") order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  case_extensions.requested_by names no users row (case_extensions_requested_by_users_id_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "decided_by"), ', ' order by "id") into bad from (select * from "case_extensions" x where x."decided_by" is not null and not exists (select 1 from "users" y where y."id" = x."decided_by") order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  case_extensions.decided_by names no users row (case_extensions_decided_by_users_id_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "uploaded_by"), ', ' order by "id") into bad from (select * from "case_photos" x where x."uploaded_by" is not null and not exists (select 1 from "users" y where y."id" = x."uploaded_by") order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  case_photos.uploaded_by names no users row (case_photos_uploaded_by_users_id_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "created_by"), ', ' order by "id") into bad from (select * from "org_unit_geometries" x where x."created_by" is not null and not exists (select 1 from "users" y where y."id" = x."created_by") order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  org_unit_geometries.created_by names no users row (org_unit_geometries_created_by_users_id_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "parent_id"), ', ' order by "id") into bad from (select * from "org_units" x where x."parent_id" is not null and not exists (select 1 from "org_units" y where y."id" = x."parent_id") order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  org_units.parent_id names no org_units row (org_units_parent_id_org_units_id_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "level"), ', ' order by "id") into bad from (select * from "org_units" x where x."level" is not null and not exists (select 1 from "territory_levels" y where y."level" = x."level") order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  org_units.level names no territory_levels row (org_units_level_territory_levels_level_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "person_id" || '/' || "tag_key", "created_by"), ', ' order by "person_id" || '/' || "tag_key") into bad from (select * from "person_tags" x where x."created_by" is not null and not exists (select 1 from "users" y where y."id" = x."created_by") order by "person_id" || '/' || "tag_key" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  person_tags.created_by names no users row (person_tags_created_by_users_id_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "created_by"), ', ' order by "id") into bad from (select * from "routing_rules" x where x."created_by" is not null and not exists (select 1 from "users" y where y."id" = x."created_by") order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  routing_rules.created_by names no users row (routing_rules_created_by_users_id_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "created_by"), ', ' order by "id") into bad from (select * from "visit_reminders" x where x."created_by" is not null and not exists (select 1 from "users" y where y."id" = x."created_by") order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  visit_reminders.created_by names no users row (visit_reminders_created_by_users_id_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "created_by"), ', ' order by "id") into bad from (select * from "webhooks" x where x."created_by" is not null and not exists (select 1 from "users" y where y."id" = x."created_by") order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  webhooks.created_by names no users row (webhooks_created_by_users_id_fk): %s', bad); end if;
  select string_agg(format('%s (%s)', "day", "kind"), ', ' order by "day") into bad from (select * from "calendar_days" where ("calendar_days"."kind" in ('holiday', 'workday')) is false order by "day" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  calendar_days.kind outside calendar_days_kind_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "category_key", "priority"), ', ' order by "category_key") into bad from (select * from "case_category_settings" where ("case_category_settings"."priority" in ('normal', 'urgent', 'critical')) is false order by "category_key" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  case_category_settings.priority outside case_category_settings_priority_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "category_key", "unit_type"), ', ' order by "category_key") into bad from (select * from "case_category_settings" where ("case_category_settings"."unit_type" in ('department', 'org_unit')) is false order by "category_key" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  case_category_settings.unit_type outside case_category_settings_unit_type_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "unit_type"), ', ' order by "id") into bad from (select * from "case_coordination" where ("case_coordination"."unit_type" in ('department', 'org_unit')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  case_coordination.unit_type outside case_coordination_unit_type_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "status"), ', ' order by "id") into bad from (select * from "case_coordination" where ("case_coordination"."status" in ('open', 'reported', 'ended')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  case_coordination.status outside case_coordination_status_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "from_state"), ', ' order by "id") into bad from (select * from "case_events" where ("case_events"."from_state" in ('reported', 'registered', 'dispatched', 'in_progress', 'returned', 'handled', 'closed', 'rejected', 'merged', 'suspended')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  case_events.from_state outside case_events_from_state_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "to_state"), ', ' order by "id") into bad from (select * from "case_events" where ("case_events"."to_state" in ('reported', 'registered', 'dispatched', 'in_progress', 'returned', 'handled', 'closed', 'rejected', 'merged', 'suspended')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  case_events.to_state outside case_events_to_state_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "status"), ', ' order by "id") into bad from (select * from "case_extensions" where ("case_extensions"."status" in ('pending', 'approved', 'denied', 'cancelled')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  case_extensions.status outside case_extensions_status_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "state"), ', ' order by "id") into bad from (select * from "cases" where ("cases"."state" in ('reported', 'registered', 'dispatched', 'in_progress', 'returned', 'handled', 'closed', 'rejected', 'merged', 'suspended')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  cases.state outside cases_state_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "source"), ', ' order by "id") into bad from (select * from "cases" where ("cases"."source" in ('patrol', 'resident', 'hotline', 'referral', 'video', 'api')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  cases.source outside cases_source_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "priority"), ', ' order by "id") into bad from (select * from "cases" where ("cases"."priority" in ('normal', 'urgent', 'critical')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  cases.priority outside cases_priority_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "rating"), ', ' order by "id") into bad from (select * from "cases" where ("cases"."rating" in ('satisfied', 'basically_satisfied', 'dissatisfied')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  cases.rating outside cases_rating_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "deadline_step"), ', ' order by "id") into bad from (select * from "cases" where ("cases"."deadline_step" in ('respond', 'dispatch', 'accept', 'handle', 'verify')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  cases.deadline_step outside cases_deadline_step_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "handling_unit_type"), ', ' order by "id") into bad from (select * from "cases" where ("cases"."handling_unit_type" in ('department', 'org_unit')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  cases.handling_unit_type outside cases_handling_unit_type_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "condition"), ', ' order by "id") into bad from (select * from "components" where ("components"."condition" in ('intact', 'damaged', 'missing', 'occupied', 'removed')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  components.condition outside components_condition_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "kind"), ', ' order by "id") into bad from (select * from "departments" where ("departments"."kind" in ('city_management', 'municipal', 'property', 'police', 'market', 'housing', 'other')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  departments.kind outside departments_kind_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "role"), ', ' order by "id") into bad from (select * from "grid_team_members" where ("grid_team_members"."role" in ('grid_leader', 'grid_worker_a', 'grid_worker_b', 'proxy_agent', 'police', 'property', 'volunteer', 'other')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  grid_team_members.role outside grid_team_members_role_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "relation"), ', ' order by "id") into bad from (select * from "household_members" where ("household_members"."relation" in ('self', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'child_in_law', 'other_relative', 'tenant', 'other')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  household_members.relation outside household_members_relation_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "kind"), ', ' order by "id") into bad from (select * from "households" where ("households"."kind" in ('family', 'collective')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  households.kind outside households_kind_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "person_id" || '/' || "tag_key", "management_level"), ', ' order by "person_id" || '/' || "tag_key") into bad from (select * from "person_tags" where ("person_tags"."management_level" in ('normal', 'temporary', 'key')) is false order by "person_id" || '/' || "tag_key" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  person_tags.management_level outside person_tags_management_level_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "residence_status"), ', ' order by "id") into bad from (select * from "persons" where ("persons"."residence_status" in ('registered', 'migrant', 'overseas')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  persons.residence_status outside persons_residence_status_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "document_type"), ', ' order by "id") into bad from (select * from "persons" where ("persons"."document_type" in ('id_card', 'hmt_residence_permit', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent_residence')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  persons.document_type outside persons_document_type_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "education"), ', ' order by "id") into bad from (select * from "persons" where ("persons"."education" in ('none', 'primary', 'junior', 'senior', 'college', 'bachelor', 'postgraduate')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  persons.education outside persons_education_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "kind"), ', ' order by "id") into bad from (select * from "places" where ("places"."kind" in ('shop', 'key_place', 'resident_unit', 'social_org', 'private_enterprise', 'property_company')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  places.kind outside places_kind_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "unit_type"), ', ' order by "id") into bad from (select * from "routing_rules" where ("routing_rules"."unit_type" in ('department', 'org_unit')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  routing_rules.unit_type outside routing_rules_unit_type_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "key", "group"), ', ' order by "key") into bad from (select * from "tag_definitions" where ("tag_definitions"."group" in ('age', 'care', 'welfare', 'health', 'residence', 'security')) is false order by "key" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  tag_definitions.group outside tag_definitions_group_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "roles"), ', ' order by "id") into bad from (select * from "users" where ("users"."roles" <@ array['admin', 'dispatcher', 'dept_handler', 'community_secretary', 'grid_worker_a', 'grid_worker_b', 'proxy_agent', 'leader']::text[]) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  users.roles outside users_roles_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "reason"), ', ' order by "id") into bad from (select * from "visit_reminders" where ("visit_reminders"."reason" in ('hospital', 'hardship', 'festival', 'dispute', 'funeral')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  visit_reminders.reason outside visit_reminders_reason_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "kind"), ', ' order by "id") into bad from (select * from "visits" where ("visits"."kind" in ('routine', 'hospital', 'hardship', 'festival', 'dispute', 'funeral')) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  visits.kind outside visits_kind_check: %s', bad); end if;
  select string_agg(format('%s (%s)', "id", "events"), ', ' order by "id") into bad from (select * from "webhooks" where ("webhooks"."events" <@ array['case.reported', 'case.changed', 'case.closed', 'case.warning', 'case.overdue', '*']::text[]) is false order by "id" limit 20) r;
  if bad is not null then problems := problems || format(E'\n  webhooks.events outside webhooks_events_check: %s', bad); end if;
  IF problems <> '' THEN
    RAISE EXCEPTION 'constraint preflight: existing rows would violate the new constraints:%', problems
      USING HINT = 'Correct or remove these rows, then restart; nothing was changed.';
  END IF;
END
$preflight$;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_category_settings" ADD CONSTRAINT "case_category_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_extensions" ADD CONSTRAINT "case_extensions_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_extensions" ADD CONSTRAINT "case_extensions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_photos" ADD CONSTRAINT "case_photos_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_unit_geometries" ADD CONSTRAINT "org_unit_geometries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_parent_id_org_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_level_territory_levels_level_fk" FOREIGN KEY ("level") REFERENCES "public"."territory_levels"("level") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_tags" ADD CONSTRAINT "person_tags_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_reminders" ADD CONSTRAINT "visit_reminders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_kind_check" CHECK ("calendar_days"."kind" in ('holiday', 'workday'));--> statement-breakpoint
ALTER TABLE "case_category_settings" ADD CONSTRAINT "case_category_settings_priority_check" CHECK ("case_category_settings"."priority" in ('normal', 'urgent', 'critical'));--> statement-breakpoint
ALTER TABLE "case_category_settings" ADD CONSTRAINT "case_category_settings_unit_type_check" CHECK ("case_category_settings"."unit_type" in ('department', 'org_unit'));--> statement-breakpoint
ALTER TABLE "case_coordination" ADD CONSTRAINT "case_coordination_unit_type_check" CHECK ("case_coordination"."unit_type" in ('department', 'org_unit'));--> statement-breakpoint
ALTER TABLE "case_coordination" ADD CONSTRAINT "case_coordination_status_check" CHECK ("case_coordination"."status" in ('open', 'reported', 'ended'));--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_from_state_check" CHECK ("case_events"."from_state" in ('reported', 'registered', 'dispatched', 'in_progress', 'returned', 'handled', 'closed', 'rejected', 'merged', 'suspended'));--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_to_state_check" CHECK ("case_events"."to_state" in ('reported', 'registered', 'dispatched', 'in_progress', 'returned', 'handled', 'closed', 'rejected', 'merged', 'suspended'));--> statement-breakpoint
ALTER TABLE "case_extensions" ADD CONSTRAINT "case_extensions_status_check" CHECK ("case_extensions"."status" in ('pending', 'approved', 'denied', 'cancelled'));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_state_check" CHECK ("cases"."state" in ('reported', 'registered', 'dispatched', 'in_progress', 'returned', 'handled', 'closed', 'rejected', 'merged', 'suspended'));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_source_check" CHECK ("cases"."source" in ('patrol', 'resident', 'hotline', 'referral', 'video', 'api'));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_priority_check" CHECK ("cases"."priority" in ('normal', 'urgent', 'critical'));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_rating_check" CHECK ("cases"."rating" in ('satisfied', 'basically_satisfied', 'dissatisfied'));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_deadline_step_check" CHECK ("cases"."deadline_step" in ('respond', 'dispatch', 'accept', 'handle', 'verify'));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_handling_unit_type_check" CHECK ("cases"."handling_unit_type" in ('department', 'org_unit'));--> statement-breakpoint
ALTER TABLE "components" ADD CONSTRAINT "components_condition_check" CHECK ("components"."condition" in ('intact', 'damaged', 'missing', 'occupied', 'removed'));--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_kind_check" CHECK ("departments"."kind" in ('city_management', 'municipal', 'property', 'police', 'market', 'housing', 'other'));--> statement-breakpoint
ALTER TABLE "grid_team_members" ADD CONSTRAINT "grid_team_members_role_check" CHECK ("grid_team_members"."role" in ('grid_leader', 'grid_worker_a', 'grid_worker_b', 'proxy_agent', 'police', 'property', 'volunteer', 'other'));--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_relation_check" CHECK ("household_members"."relation" in ('self', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'child_in_law', 'other_relative', 'tenant', 'other'));--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_kind_check" CHECK ("households"."kind" in ('family', 'collective'));--> statement-breakpoint
ALTER TABLE "person_tags" ADD CONSTRAINT "person_tags_management_level_check" CHECK ("person_tags"."management_level" in ('normal', 'temporary', 'key'));--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_residence_status_check" CHECK ("persons"."residence_status" in ('registered', 'migrant', 'overseas'));--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_document_type_check" CHECK ("persons"."document_type" in ('id_card', 'hmt_residence_permit', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent_residence'));--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_education_check" CHECK ("persons"."education" in ('none', 'primary', 'junior', 'senior', 'college', 'bachelor', 'postgraduate'));--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_kind_check" CHECK ("places"."kind" in ('shop', 'key_place', 'resident_unit', 'social_org', 'private_enterprise', 'property_company'));--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_unit_type_check" CHECK ("routing_rules"."unit_type" in ('department', 'org_unit'));--> statement-breakpoint
ALTER TABLE "tag_definitions" ADD CONSTRAINT "tag_definitions_group_check" CHECK ("tag_definitions"."group" in ('age', 'care', 'welfare', 'health', 'residence', 'security'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_roles_check" CHECK ("users"."roles" <@ array['admin', 'dispatcher', 'dept_handler', 'community_secretary', 'grid_worker_a', 'grid_worker_b', 'proxy_agent', 'leader']::text[]);--> statement-breakpoint
ALTER TABLE "visit_reminders" ADD CONSTRAINT "visit_reminders_reason_check" CHECK ("visit_reminders"."reason" in ('hospital', 'hardship', 'festival', 'dispute', 'funeral'));--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_kind_check" CHECK ("visits"."kind" in ('routine', 'hospital', 'hardship', 'festival', 'dispute', 'funeral'));--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_events_check" CHECK ("webhooks"."events" <@ array['case.reported', 'case.changed', 'case.closed', 'case.warning', 'case.overdue', '*']::text[]);