-- 现场解决 has one name in code, fix_on_spot (docs/glossary.md).
ALTER TABLE "cases" RENAME COLUMN "solved_on_spot" TO "fix_on_spot";
