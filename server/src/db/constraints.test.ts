// The constraints migration (CHECKs from the core lists, foreign keys to users and within the
// territory tree) on a database that already holds rows breaking them: it must stop, name the rows,
// and change nothing; once the rows are fixed it applies, and the database then refuses such rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase, type Database } from './client.js';

interface Journal {
  entries: { idx: number; tag: string }[];
}

const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as Journal;
const target = journal.entries.find((e) => e.tag.endsWith('_constraints'))!;

/** A copy of the migrations folder that ends just before the constraints migration. */
function migrationsBefore(tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-migrations-'));
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const idx = journal.entries.find((e) => e.tag === tag)!.idx;
  const before = { ...journal, entries: journal.entries.filter((e) => e.idx < idx) };
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(before));
  return dir;
}

const rows = async (database: Database, query: ReturnType<typeof sql>) =>
  ((await database.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;

describe('constraints migration on existing data', () => {
  let database: Database;
  let oldDir: string;
  afterAll(async () => {
    await database?.close();
    if (oldDir) fs.rmSync(oldDir, { recursive: true, force: true });
  });

  it('names the offending rows, changes nothing, and applies once they are fixed', async () => {
    expect(target, 'a migration named *_constraints').toBeDefined();
    oldDir = migrationsBefore(target.tag);
    database = await openDatabase({ memory: true });
    await migrate(database.db as never, { migrationsFolder: oldDir });
    const applied = (await rows(database, sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n;

    await database.db.execute(sql`insert into territory_levels (level, key, name_zh, name_en) values (1, 'district', '区', 'District')`);
    await database.db.execute(sql`insert into org_units (id, parent_id, path, level, name) overriding system value values
      (1, null, '1', 1, '金水区'), (2, 999, '1.2', 7, '无名街道')`);
    await database.db.execute(sql`insert into departments (id, name, kind, org_unit_id) overriding system value values (5, '城管办', 'city_management', 1), (6, '神秘部门', 'secret_police', 1)`);
    await database.db.execute(sql`insert into users (id, username, display_name, password_hash, roles) overriding system value values (3, 'boss', '老板', 'x', '{admin,overlord}')`);
    // 0 is the old "no user row" of anonymous uploads: the migration turns it into NULL.
    await database.db.execute(sql`insert into case_photos (id, uploaded_by, owner, content_type, size, sha256, data) overriding system value values (8, 0, 'anon:x', 'image/png', 1, 'x', '\\x00')`);

    const failure = await database.migrate().then(
      () => null,
      (e: unknown) => e as Error & { cause?: Error },
    );
    expect(failure, 'the migration must refuse').not.toBeNull();
    const message = `${failure!.message} ${failure!.cause?.message ?? ''}`;
    expect(message).toContain('constraint preflight');
    expect(message).toContain('departments.kind outside departments_kind_check: 6 (secret_police)');
    expect(message).not.toMatch(/departments_kind_check: [^\n]*5 \(/);
    expect(message).toContain('users.roles outside users_roles_check: 3 ({admin,overlord})');
    expect(message).toContain('org_units.parent_id names no org_units row (org_units_parent_id_org_units_id_fk): 2 (999)');
    expect(message).toContain('org_units.level names no territory_levels row (org_units_level_territory_levels_level_fk): 2 (7)');

    // Nothing of it was applied: same migrations, no new constraint, the photo still says 0.
    expect((await rows(database, sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n).toBe(applied);
    expect(await rows(database, sql`select 1 from pg_constraint where conname = 'departments_kind_check'`)).toHaveLength(0);
    expect((await rows(database, sql`select uploaded_by from case_photos where id = 8`))[0]!.uploaded_by).toBe(0);

    await database.db.execute(sql`update departments set kind = 'other' where id = 6`);
    await database.db.execute(sql`update users set roles = '{admin}' where id = 3`);
    await database.db.execute(sql`insert into territory_levels (level, key, name_zh, name_en) values (7, 'street', '街道', 'Street')`);
    await database.db.execute(sql`update org_units set parent_id = 1 where id = 2`);
    await database.migrate();

    expect((await rows(database, sql`select uploaded_by from case_photos where id = 8`))[0]!.uploaded_by).toBeNull();
    await expect(database.db.execute(sql`update departments set kind = 'secret_police' where id = 6`)).rejects.toThrow();
    await expect(database.db.execute(sql`update users set roles = '{overlord}' where id = 3`)).rejects.toThrow();
    await expect(database.db.execute(sql`update org_units set parent_id = 999 where id = 2`)).rejects.toThrow();
  }, 240_000); // a fresh PGlite migrated twice: slow on a busy machine
});
