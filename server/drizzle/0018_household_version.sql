ALTER TABLE "households" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- A household's version moves with every change the field app shows of it: the household row
-- itself (not its 核实 or last-seen time), its members, and its members' person rows and tags. Triggers,
-- so no writer can forget it (imports, rehoming, hand-written updates); statement-level where rows
-- arrive in bulk, so a ledger import bumps each household once per statement, not once per row.
CREATE FUNCTION households_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.version = OLD.version
     AND (NEW.org_unit_id, NEW.dwelling_id, NEW.household_no, NEW.kind, NEW.head_person_id, NEW.notes, NEW.status)
         IS DISTINCT FROM (OLD.org_unit_id, OLD.dwelling_id, OLD.household_no, OLD.kind, OLD.head_person_id, OLD.notes, OLD.status) THEN
    NEW.version := OLD.version + 1;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER households_version BEFORE UPDATE ON households FOR EACH ROW EXECUTE FUNCTION households_bump_version();--> statement-breakpoint
CREATE FUNCTION household_members_bump_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE households SET version = version + 1 WHERE id IN (SELECT DISTINCT household_id FROM new_rows);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION household_members_bump_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE households SET version = version + 1 WHERE id IN (SELECT DISTINCT household_id FROM old_rows);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION household_members_bump_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE households SET version = version + 1
   WHERE id IN (SELECT household_id FROM new_rows UNION SELECT household_id FROM old_rows);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER household_members_version_ins AFTER INSERT ON household_members REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_members_bump_inserted();--> statement-breakpoint
CREATE TRIGGER household_members_version_del AFTER DELETE ON household_members REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION household_members_bump_deleted();--> statement-breakpoint
CREATE TRIGGER household_members_version_upd AFTER UPDATE ON household_members REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_members_bump_updated();--> statement-breakpoint
CREATE FUNCTION persons_bump_household_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE households SET version = version + 1
   WHERE id IN (
     SELECT m.household_id FROM household_members m
       JOIN new_rows n ON n.id = m.person_id
       JOIN old_rows o ON o.id = n.id
      WHERE (n.name, n.gender, n.birth_date, n.document_hash, n.phone_hash, n.residence_status, n.dwelling_id, n.org_unit_id, n.status)
            IS DISTINCT FROM (o.name, o.gender, o.birth_date, o.document_hash, o.phone_hash, o.residence_status, o.dwelling_id, o.org_unit_id, o.status));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER persons_household_version AFTER UPDATE ON persons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION persons_bump_household_version();--> statement-breakpoint
CREATE FUNCTION person_tags_bump_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE households SET version = version + 1
   WHERE id IN (SELECT m.household_id FROM household_members m JOIN new_rows n ON n.person_id = m.person_id);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION person_tags_bump_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE households SET version = version + 1
   WHERE id IN (SELECT m.household_id FROM household_members m JOIN old_rows o ON o.person_id = m.person_id);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER person_tags_version_ins AFTER INSERT ON person_tags REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_tags_bump_inserted();--> statement-breakpoint
CREATE TRIGGER person_tags_version_upd AFTER UPDATE ON person_tags REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_tags_bump_inserted();--> statement-breakpoint
CREATE TRIGGER person_tags_version_del AFTER DELETE ON person_tags REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION person_tags_bump_deleted();
