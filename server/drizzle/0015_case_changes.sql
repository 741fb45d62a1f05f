CREATE TABLE "case_changes" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_changes_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_changes" ADD CONSTRAINT "case_changes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_changes_at_idx" ON "case_changes" USING btree ("at");--> statement-breakpoint
-- Every written case row is logged at commit (a deferred constraint trigger), one committing writer
-- at a time (transaction advisory lock 4247002, held from here to the end of the commit), so
-- case_changes.seq follows commit order: a reader that sees seq n has every row below it. Then one
-- NOTIFY per transaction (an empty payload is folded) wakes the board feed of every instance.
CREATE FUNCTION "case_changes_log"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(4247002);
  INSERT INTO "case_changes" ("case_id") VALUES (NEW."id");
  PERFORM pg_notify('cg_case_changes', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "cases_log_change" AFTER INSERT OR UPDATE ON "cases" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "case_changes_log"();
