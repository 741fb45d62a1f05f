// Backup and restore, round trip on the engine of the run: data built through the services
// (register with encrypted ID and phone numbers, cases with photo files and thumbnails, audit),
// backed up, restored into a fresh place and compared table by table, file by file, field by
// field; the wrong key, a missing key and damaged archives refused without writing anything; the
// restored deployment started as `npm start` starts; on PGlite also the backup of a running server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mod11_2CheckChar } from '../../../core/src/register/id-card.js';
import { createFieldCrypto } from '../crypto/field-crypto.js';
import { openDatabase, type Database } from '../db/client.js';
import { seedDemoCases } from '../seed/demo-cases.js';
import { seedDemoRegister } from '../seed/demo-register.js';
import { gradientPng } from '../seed/gradient-png.js';
import { clientFor, startTestApp, type TestApp } from '../../test/harness.js';
import { withDatabase } from '../../test/global-setup.js';
import { gridsOf, pointIn } from '../modules/cases/test-factories.js';
import { createBackup, listFiles } from './backup.js';
import { lockFile } from './data-dir-lock.js';
import { restoreBackup } from './restore.js';
import { pgliteClientOf } from './snapshot.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PG = process.env.TEST_ENGINE === 'postgres';
const KEY = randomBytes(32);
const OTHER_KEY = randomBytes(32);
const ID_NUMBER = '41010519850312442' + mod11_2CheckChar('41010519850312442');
const PHONE = '13803712266';

let t: TestApp;
let work: string;
let sourceDir: string; // the DATA_DIR that is backed up (its files; on PGlite its database too)
let archive: string;
let personId: number;
const createdDbs: string[] = [];

type Rows = Record<string, unknown>[];
const rowsOf = async (database: Database, query: ReturnType<typeof sql>) => ((await database.db.execute(query)) as unknown as { rows: Rows }).rows;

async function admin<T>(fn: (c: import('pg').Client) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new empty PostgreSQL database of this test (dropped in afterAll). */
async function freshDatabase(): Promise<string> {
  const name = `cg_restore_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  createdDbs.push(name);
  return withDatabase(process.env.TEST_DATABASE_URL!, name);
}

/** Tables in a PostgreSQL database (0 = nothing was restored into it). */
async function tablesIn(url: string): Promise<number> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ n: number }>(`select count(*)::int as n from pg_tables where schemaname in ('public', 'drizzle')`)).rows[0]!.n;
  } finally {
    await c.end();
  }
}

async function sourceUrl(): Promise<string> {
  const [row] = await rowsOf(t.database, sql`select current_database() as name`);
  return withDatabase(process.env.TEST_DATABASE_URL!, String(row!.name));
}

/** Every table (public and drizzle schemas), its full contents ordered by primary key, and every sequence. */
async function contents(database: Database, skip: string[] = []): Promise<Record<string, string>> {
  const tables = await rowsOf(database, sql`
    select t.schemaname as s, t.tablename as n,
      (select string_agg(format('x.%I', a.attname), ', ' order by k.ord) from pg_index i
         cross join unnest(i.indkey) with ordinality k(attnum, ord)
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
        where i.indrelid = format('%I.%I', t.schemaname, t.tablename)::regclass and i.indisprimary) as pk
      from pg_tables t where t.schemaname in ('public', 'drizzle') order by 1, 2`);
  const out: Record<string, string> = {};
  for (const table of tables) {
    if (skip.includes(`${String(table.s)}.${String(table.n)}`)) continue;
    const order = (table.pk as string | null) ?? 'x::text';
    const [row] = await rowsOf(database, sql.raw(`select count(*)::int as n, coalesce(json_agg(x order by ${order})::text, '[]') as j from "${String(table.s)}"."${String(table.n)}" x`));
    out[`${String(table.s)}.${String(table.n)}`] = `${String(row!.n)} rows ${String(row!.j)}`;
  }
  if (skip.length) return out;
  for (const s of await rowsOf(database, sql`select schemaname || '.' || sequencename as name, last_value::text as v from pg_sequences where schemaname in ('public', 'drizzle') order by 1`)) {
    out[`sequence ${String(s.name)}`] = String(s.v);
  }
  return out;
}

/** Every stored file under a root: name → bytes. */
const filesUnder = (root: string) => new Map(listFiles(root).map((f) => [f.name, fs.readFileSync(f.file)]));

/** The restored deployment's database, opened as the server would. */
async function openRestored(dataDir: string, url: string | null): Promise<Database> {
  return openDatabase(url ? { databaseUrl: url } : { dataDir: path.join(dataDir, 'pglite') });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `npm start` on a data folder (no demo seed); resolves once /health/ready answers. */
async function startServer(dataDir: string, env: Record<string, string>): Promise<{ proc: ChildProcess; port: number; output: () => string }> {
  const port = await freePort();
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', CG_SEED_DEMO: 'false', DATABASE_URL: '', CG_FIELD_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  for (let i = 0; i < 3000; i++) {
    if (await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false)) return { proc, port, output: () => out };
    if (proc.exitCode !== null) throw new Error(`server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`server did not become ready: ${out}`);
}

async function stopServer(proc: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  proc.kill('SIGTERM');
  return exited;
}

beforeAll(async () => {
  t = await startTestApp({ fieldCrypto: createFieldCrypto(KEY) });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bk-'));
  // The register (generated through the register's writer, encrypted), the demo cases through the
  // intake and workflow services (photos as files), and one person and one report by API.
  await seedDemoRegister(t.database.db, t.crypto, { persons: 400 });
  await seedDemoCases(t.database.db, t.crypto, t.files);
  const { grids } = await gridsOf(t, '410105002012');
  const worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [grids[0]!.code!] })).client;
  const person = await worker.post('/api/register/persons', { orgUnitId: grids[0]!.id, name: '韩雪梅', documentNumber: ID_NUMBER, phone: PHONE, residenceStatus: 'registered' });
  expect(person.statusCode, person.body).toBe(201);
  personId = person.json().id;
  const photo = await worker.request('POST', '/api/cases/photos', gradientPng(48, 32, 77), { 'content-type': 'image/png' });
  expect(photo.statusCode, photo.body).toBe(201);
  const point = await pointIn(t, grids[0]!.id);
  const report = await worker.post('/api/cases', { categoryKey: 'matter:01001', description: '备份测试：3号楼北侧道路积存垃圾', lng: point.lng, lat: point.lat, photoIds: [photo.json().id] });
  expect(report.statusCode, report.body).toBe(201);
  // A thumbnail: a variant file beside its original.
  expect((await worker.get(`/api/cases/photos/${photo.json().id}/thumb`)).statusCode).toBe(200);

  // The data folder being backed up: the app's files, and on PGlite its database as files.
  sourceDir = path.join(work, 'source');
  fs.cpSync(t.filesRoot, path.join(sourceDir, 'files'), { recursive: true });
  if (!PG) {
    await pgliteClientOf(t.database.db).query('checkpoint');
    const dump = await pgliteClientOf(t.database.db).dumpDataDir('none');
    const copy = await openDatabase({ dataDir: path.join(sourceDir, 'pglite'), loadDataDir: dump });
    await copy.close();
  }
  archive = path.join(work, 'backups', 'one.tar.gz');
}, 600_000);

afterAll(async () => {
  await t?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
  if (createdDbs.length) await admin(async (c) => { for (const name of createdDbs) await c.query(`drop database if exists ${name} with (force)`); });
});

describe(`backup and restore (${PG ? 'PostgreSQL' : 'PGlite'})`, () => {
  let restoredDir: string;
  let restoredUrl: string | null = null;

  it('backs up, restores into a fresh place, and every table, file and encrypted field is the same', async () => {
    const backup = await createBackup({ out: archive, dataDir: sourceDir, databaseUrl: PG ? await sourceUrl() : null, fieldKey: KEY });
    expect(backup.via).toBe(PG ? 'pg_dump' : 'direct');
    expect(backup.manifest).toMatchObject({ format: 'civicgrid-backup', version: 1, engine: PG ? 'postgres' : 'pglite', keyCheck: t.crypto.keyCheck });
    expect(JSON.stringify(backup.manifest)).not.toContain(KEY.toString('base64'));
    expect(backup.manifest.schema.last).toMatch(/^\d{4}_/);
    expect(backup.manifest.tables['public.persons']).toBeGreaterThanOrEqual(401);
    expect(backup.files).toBeGreaterThanOrEqual(3);
    expect(fs.existsSync(lockFile(sourceDir))).toBe(false);

    restoredDir = path.join(work, 'restored');
    restoredUrl = PG ? await freshDatabase() : null;
    const restore = await restoreBackup({ archive, dataDir: restoredDir, databaseUrl: restoredUrl, fieldKey: KEY });
    expect(restore.files).toBe(backup.files);
    console.log(
      `backup/restore ${PG ? 'postgres' : 'pglite'}: ${Object.values(backup.manifest.tables).reduce((a, b) => a + b, 0)} rows, ${backup.files} files, ` +
        `archive ${(backup.archiveBytes / 1024 / 1024).toFixed(1)} MB; backup ${backup.seconds.toFixed(2)} s, restore ${restore.seconds.toFixed(2)} s`,
    );

    const restored = await openRestored(restoredDir, restoredUrl);
    try {
      const [before, after] = [await contents(t.database), await contents(restored)];
      expect(Object.keys(after)).toEqual(Object.keys(before));
      for (const table of Object.keys(before)) expect(after[table], table).toBe(before[table]);
      for (const [table, n] of Object.entries(backup.manifest.tables)) expect(after[table]!.startsWith(`${n} rows`), table).toBe(true);

      // Every encrypted value decrypts with the key to what the source holds; the API-made person to its plain numbers.
      const crypto = createFieldCrypto(KEY);
      const columns = await rowsOf(restored, sql`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' and column_name like '%\_enc' order by 1, 2`);
      expect(columns.length).toBeGreaterThanOrEqual(3);
      let decrypted = 0;
      for (const { t: table, c: column } of columns) {
        const query = sql.raw(`select id, "${String(column)}" as v from "${String(table)}" where "${String(column)}" is not null order by id`);
        const [src, dst] = [await rowsOf(t.database, query), await rowsOf(restored, query)];
        expect(dst.map((r) => r.id)).toEqual(src.map((r) => r.id));
        dst.forEach((r, i) => expect(crypto.decrypt(String(r.v))).toBe(t.crypto.decrypt(String(src[i]!.v))));
        decrypted += dst.length;
      }
      expect(decrypted).toBeGreaterThan(400);
      const [person] = await rowsOf(restored, sql`select document_enc, phone_enc from persons where id = ${personId}`);
      expect(crypto.decrypt(String(person!.document_enc))).toBe(ID_NUMBER);
      expect(crypto.decrypt(String(person!.phone_enc))).toBe(PHONE);
    } finally {
      await restored.close();
    }

    // The files, byte for byte (originals, the thumbnail), and nothing else.
    const [src, dst] = [filesUnder(t.filesRoot), filesUnder(path.join(restoredDir, 'files'))];
    expect([...dst.keys()]).toEqual([...src.keys()]);
    for (const [name, bytes] of src) expect(dst.get(name)!.equals(bytes), name).toBe(true);
    expect([...src.keys()].some((n) => n.endsWith('.thumb'))).toBe(true);
    expect(fs.readdirSync(restoredDir).filter((n) => n.startsWith('.restore-') || n.endsWith('.lock'))).toEqual([]);
  }, 600_000);

  it('refuses a restore without the backup\'s key, or over a target that is not empty unless forced, writing nothing', async () => {
    const target = path.join(work, 'wrong-key');
    const url = PG ? await freshDatabase() : null;
    const wrong = restoreBackup({ archive, dataDir: target, databaseUrl: url, fieldKey: OTHER_KEY });
    await expect(wrong).rejects.toThrow(/not the key this backup was made with.*kept apart from the backups.*CG_FIELD_KEY/s);
    await expect(restoreBackup({ archive, dataDir: target, databaseUrl: url, fieldKey: null })).rejects.toThrow(/no field key is set/);
    expect(fs.existsSync(target)).toBe(false);
    if (url) expect(await tablesIn(url)).toBe(0);
    if (PG) {
      // The restored database is not empty: refused unless --force.
      await expect(restoreBackup({ archive, dataDir: target, databaseUrl: restoredUrl, fieldKey: KEY })).rejects.toThrow(/is not empty.*--force/);
    } else {
      await expect(restoreBackup({ archive, dataDir: restoredDir, databaseUrl: null, fieldKey: KEY })).rejects.toThrow(/holds a database.*--force/);
    }
    expect(fs.existsSync(target)).toBe(false);
    // --force: PostgreSQL restores over the tables (pg_restore --clean), PGlite moves the old database aside.
    const forced = await restoreBackup({ archive, dataDir: restoredDir, databaseUrl: restoredUrl, fieldKey: KEY, force: true });
    expect(forced.files).toBeGreaterThan(0);
    if (PG) expect(forced.movedAside).toBeNull();
    else {
      expect(fs.existsSync(path.join(forced.movedAside!, 'PG_VERSION'))).toBe(true);
      fs.rmSync(forced.movedAside!, { recursive: true });
    }
  }, 300_000);

  it('refuses a damaged or cut-short archive with a clear error and writes nothing', async () => {
    const bytes = fs.readFileSync(archive);
    const damaged: Array<[string, Buffer]> = [
      ['cut', bytes.subarray(0, Math.floor(bytes.length * 0.7))],
      ['cut-at-end', bytes.subarray(0, bytes.length - 4)],
      ['flipped', Buffer.from(bytes).fill(0x5a, Math.floor(bytes.length * 0.5), Math.floor(bytes.length * 0.5) + 16)],
      ['not-gzip', Buffer.from('this is not a backup at all\n')],
    ];
    for (const [label, content] of damaged) {
      const file = path.join(work, `${label}.tar.gz`);
      fs.writeFileSync(file, content);
      const target = path.join(work, `restore-${label}`);
      const url = PG ? await freshDatabase() : null;
      await expect(restoreBackup({ archive: file, dataDir: target, databaseUrl: url, fieldKey: KEY }), label).rejects.toThrow(/damaged|cut short|not a CivicGrid backup/);
      expect(fs.existsSync(target), label).toBe(false);
      if (url) expect(await tablesIn(url), label).toBe(0);
    }
  }, 300_000);

  it('the server starts normally on the restored data', async () => {
    const server = await startServer(restoredDir, PG ? { DATABASE_URL: restoredUrl!, CG_FIELD_KEY: KEY.toString('base64') } : { CG_FIELD_KEY: KEY.toString('base64') });
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'CivicGrid@2026' }),
      });
      expect(res.status, server.output()).toBe(200);
    } finally {
      expect(await stopServer(server.proc), server.output()).toBe(0);
    }
  }, 600_000);

  it('npm run restore: refuses the wrong key with the message and exit 1, restores with the right one', async () => {
    const cli = (dataDir: string, key: Buffer, url: string | null) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'server/src/ops/cli.ts', 'restore', archive], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: url ?? '', CG_FIELD_KEY: key.toString('base64') },
      });
    const url = PG ? await freshDatabase() : null;
    const wrong = cli(path.join(work, 'cli-wrong'), OTHER_KEY, url);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^error: the field key given .* is not the key this backup was made with/);
    expect(wrong.stderr).not.toMatch(/\n\s+at /); // a message for the operator, not a stack
    const right = cli(path.join(work, 'cli-right'), KEY, url);
    expect(right.status, right.stderr).toBe(0);
    expect(right.stdout).toMatch(/restored the (pglite|postgres) backup .* \(row counts checked\), \d+ files/);
  }, 300_000);

  it.runIf(!PG)('backs up a running PGlite server through its control socket; restore refuses while it runs', async () => {
    const live = path.join(work, 'live');
    fs.cpSync(restoredDir, live, { recursive: true });
    fs.mkdirSync(path.join(live, 'secrets'), { mode: 0o700 });
    fs.writeFileSync(path.join(live, 'secrets', 'field.key'), KEY.toString('base64') + '\n', { mode: 0o600 });
    const server = await startServer(live, {});
    const out = path.join(work, 'backups', 'live.tar.gz');
    let backup: Awaited<ReturnType<typeof createBackup>>;
    try {
      expect((fs.statSync(path.join(live, 'run')).mode & 0o777).toString(8)).toBe('700');
      // This process has no key: the server names its own in the manifest.
      backup = await createBackup({ out, dataDir: live, databaseUrl: null, fieldKey: null });
      expect(backup.via).toBe('server');
      expect(backup.manifest.keyCheck).toBe(t.crypto.keyCheck);
      await expect(restoreBackup({ archive: out, dataDir: live, databaseUrl: null, fieldKey: KEY, force: true })).rejects.toThrow(/in use by a CivicGrid server/);
      expect(fs.readdirSync(path.join(live, 'run'))).toEqual(['control.sock']); // the server's dump was handed over, not left behind
    } finally {
      expect(await stopServer(server.proc), server.output()).toBe(0);
    }
    expect(fs.existsSync(lockFile(live))).toBe(false);
    const copy = path.join(work, 'live-restored');
    await restoreBackup({ archive: out, dataDir: copy, databaseUrl: null, fieldKey: KEY });
    const [a, b] = [await openRestored(live, null), await openRestored(copy, null)];
    try {
      // The server's background jobs (deadline scan, webhook worker) may have written after the
      // snapshot: their tables are checked by the restore's row counts against the manifest only.
      const moving = ['public.cases', 'public.case_events', 'public.notifications', 'public.webhook_deliveries', 'public.audit_log', 'public.rate_limits', 'public.sessions', 'public.login_throttle'];
      const [before, after] = [await contents(a, moving), await contents(b, moving)];
      expect(Object.keys(after)).toEqual(Object.keys(before));
      for (const table of Object.keys(before)) expect(after[table], table).toBe(before[table]);
    } finally {
      await a.close();
      await b.close();
    }
  }, 600_000);
});
