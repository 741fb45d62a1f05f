// `npm run bench:register`: the register at city scale, on PostgreSQL and on PGlite.
//
//   generate_persons_per_s  persons (with their dwellings, households, members, tags, rentals,
//                           tenants, shops and visits) written by server/src/seed/register-generator.ts
//                           over a generated district: streets → communities → grids → buildings,
//                           ID and phone numbers encrypted as the register does; the register
//                           tables' indexes and foreign keys are dropped while loading and rebuilt
//                           after, and that rebuild is counted (--incremental keeps them instead)
//   p50_ms / p95_ms / p99_ms GET /api/register/search?q= through the real app (app.inject: routing,
//                           session, scope, masking), one query at a time, as a community secretary
//                           bound to one street (the realistic case; an administrator with the whole
//                           district is measured too, under "admin"); per query type in by_type
//   explain                 (printed, PostgreSQL) EXPLAIN (ANALYZE, BUFFERS) of every statement run by
//                           the slowest text of the --explain N slowest query types, for both users
//   import_rows_per_s       Excel import of a 100,000-row sheet: null until the ledger import exists
//
// Options: --persons N (default 2,000,000; households ≈ N/2.5; 20,000 grids at 2M, fewer in
// proportion, at least 20), --pglite-persons N (default: the same), --queries N per type (200),
// --engines postgres,pglite. PostgreSQL from BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test): a database civicgrid_bench_register is created and
// dropped; PGlite lives in a temp dir that is removed. The last line is one JSON object.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { mod11_2CheckChar } from '../core/src/register/id-card.js';
import { writeXlsx } from '../core/src/xlsx/index.js';
import { buildApp } from '../server/src/app.js';
import { createFsFileStore } from '../server/src/storage/file-store.js';
import { createFieldCrypto, type FieldCrypto } from '../server/src/crypto/field-crypto.js';
import { openDatabase, type Database, type Db } from '../server/src/db/client.js';
import { hashPassword } from '../server/src/modules/auth/password.js';
import * as userRepo from '../server/src/modules/users/repo.js';
import { ensureConfiguration } from '../server/src/seed/demo.js';
import { chineseNumber } from '../server/src/seed/demo-grids.js';
import { generateRegister, insertRows, nextIds, prng, withDeferredIndexes, type GridInput, type Row } from '../server/src/seed/register-generator.js';

const { values: args } = parseArgs({
  options: {
    persons: { type: 'string', default: '2000000' },
    'pglite-persons': { type: 'string' },
    queries: { type: 'string', default: '200' },
    engines: { type: 'string', default: 'postgres,pglite' },
    // Keep indexes and foreign keys while loading (row-by-row maintenance) instead of rebuilding them after.
    incremental: { type: 'boolean', default: false },
    // On PostgreSQL: EXPLAIN ANALYZE every statement one search of each of the N slowest query types runs.
    explain: { type: 'string', default: '3' },
    // Keep the PostgreSQL bench database afterwards; --reuse runs the searches on a kept one again
    // (both with a fixed bench field key, so the kept ciphertexts stay readable).
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    'import-rows': { type: 'string', default: '100000' },
  },
});
const PERSONS = Number(args.persons);
const PGLITE_PERSONS = Number(args['pglite-persons'] ?? PERSONS);
const QUERIES = Number(args.queries);
const IMPORT_ROWS = Number(args['import-rows']);
// A fixed key for bench data only, so a kept database can be searched again (--keep, --reuse).
const BENCH_FIELD_KEY = createHash('sha256').update('civicgrid bench register').digest();
const ENGINES = args.engines!.split(',');
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BENCH_DB = 'civicgrid_bench_register';
const SEARCH_PATH = '/api/register/search'; // the one search box (server/src/modules/register/search.ts)
const PASSWORD = 'Bench2026register';
// ~30 km × 30 km around 金水区 (Zhengzhou), as bench:locate.
const BBOX = [113.515, 34.635, 113.845, 34.905] as const;
const ROADS = ['花园路', '纬五路', '农业路', '经三路', '文化路', '丰产路', '东风路', '金水路', '黄河路', '红专路', '政七街', '南阳路'];
const COMMUNITY_WORDS = ['通信花园', '文化绿城', '凤凰台', '农科', '银河', '省建', '丰庆', '鑫苑', '绿荫', '黄河', '金桥', '园田', '杨金', '龙湖', '翠竹'];

const gridsFor = (persons: number) => Math.max(20, Math.round((20_000 * persons) / 2_000_000));
const log = (line: string) => console.log(line);

// --------------------------------------------------------------------------------------------
// The district

interface Territory {
  grids: GridInput[];
  streets: Array<{ id: number; path: string }>;
}

/** A district → streets (≈200 grids each) → communities (≈20 grids each) → grids → 1–4 buildings each, written in bulk. */
async function buildTerritory(db: Db, gridCount: number): Promise<Territory> {
  const r = prng(2026);
  const communityCount = Math.max(1, Math.round(gridCount / 20));
  const streetCount = Math.max(1, Math.round(gridCount / 200));
  const [districtId] = await nextIds(db, 'org_units', 1);
  const streetIds = await nextIds(db, 'org_units', streetCount);
  const communityIds = await nextIds(db, 'org_units', communityCount);
  const gridIds = await nextIds(db, 'org_units', gridCount);
  const units: Row[] = [{ id: districtId, parent_id: null, path: String(districtId), level: 0, code: '410105', name: '金水区', sort_order: 0 }];
  const streets = streetIds.map((id) => ({ id, path: `${districtId}.${id}` }));
  streetIds.forEach((id, i) => {
    const name = `${ROADS[i % ROADS.length]}${i >= ROADS.length ? chineseNumber(Math.floor(i / ROADS.length) + 1) : ''}街道`;
    units.push({ id, parent_id: districtId, path: streets[i]!.path, level: 1, code: `410105${String(i + 1).padStart(3, '0')}`, name, sort_order: i });
  });
  const communities = communityIds.map((id, i) => {
    const s = i % streetCount;
    const k = Math.floor(i / streetCount);
    const name = `${COMMUNITY_WORDS[i % COMMUNITY_WORDS.length]}${i >= COMMUNITY_WORDS.length ? chineseNumber(Math.floor(i / COMMUNITY_WORDS.length) + 1) : ''}社区`;
    const row = { id, parent_id: streetIds[s], path: `${streets[s]!.path}.${id}`, level: 2, code: `${units[s + 1]!.code}${String(k + 1).padStart(3, '0')}`, name, sort_order: k };
    units.push(row);
    return row;
  });
  const grids: GridInput[] = [];
  const buildings: Row[] = [];
  const perGrid = gridIds.map(() => 1 + Math.floor(r() * 4));
  const buildingIds = await nextIds(db, 'buildings', perGrid.reduce((a, b) => a + b, 0));
  let b = 0;
  gridIds.forEach((id, i) => {
    const c = communities[i % communityCount]!;
    const k = Math.floor(i / communityCount);
    const name = `${c.name}第${chineseNumber(k + 1)}网格`;
    units.push({ id, parent_id: c.id, path: `${c.path}.${id}`, level: 3, code: `${c.code}${String(k + 1).padStart(3, '0')}`, name, sort_order: k });
    const road = ROADS[Math.floor(r() * ROADS.length)]!;
    const yard = 1 + Math.floor(r() * 120);
    const grid: GridInput = { id, name, communityName: c.name, buildings: [] };
    for (let n = 1; n <= perGrid[i]!; n++) {
      const lng = BBOX[0] + r() * (BBOX[2] - BBOX[0]);
      const lat = BBOX[1] + r() * (BBOX[3] - BBOX[1]);
      const building = { id: buildingIds[b++]!, name: `${yard}号院${n}号楼`, address: `${road}${yard}号院${n}号楼`, lng, lat };
      buildings.push({ id: building.id, org_unit_id: id, name: building.name, number: `${n}号楼`, address: building.address, lng, lat });
      grid.buildings.push(building);
    }
    grids.push(grid);
  });
  await insertRows(db, 'org_units', 'id, parent_id, path, level, code, name, sort_order', units);
  await insertRows(db, 'buildings', 'id, org_unit_id, name, number, address, lng, lat', buildings);
  return { grids, streets };
}

/** The territory of a kept bench database (--reuse): its streets, in id order. */
async function keptTerritory(db: Db): Promise<Territory> {
  const rows = ((await db.execute(sql`select id, path::text as path from org_units where level = 1 order by id`)) as unknown as { rows: Array<{ id: number; path: string }> }).rows;
  return { grids: [], streets: rows };
}

async function keptCounts(db: Db): Promise<Awaited<ReturnType<typeof generateRegister>>> {
  const n = async (table: string) => ((await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
  return {
    persons: await n('persons'), households: await n('households'), dwellings: await n('dwellings'), members: await n('household_members'), tags: await n('person_tags'),
    rentals: await n('rentals'), tenants: await n('rental_tenants'), places: await n('places'), visits: await n('visits'),
  } as Awaited<ReturnType<typeof generateRegister>>;
}

// --------------------------------------------------------------------------------------------
// Search latency

type QueryType = 'name' | 'pinyin' | 'id_suffix4' | 'id_suffix6' | 'id_full' | 'phone' | 'address';
const TYPES: QueryType[] = ['name', 'pinyin', 'id_suffix4', 'id_suffix6', 'id_full', 'phone', 'address'];

/** Texts a secretary of the street would type: names, initials, ID digits and phones of residents there, fragments of their addresses. */
async function sampleQueries(db: Db, crypto: FieldCrypto, streetPath: string, n: number): Promise<Record<QueryType, string[]>> {
  const result = (await db.execute(sql`
    select p.name, p.name_initials, p.document_enc, p.phone_enc, d.address
    from persons p join org_units o on o.id = p.org_unit_id join dwellings d on d.id = p.dwelling_id
    where o.path <@ ${streetPath}::ltree and p.document_type = 'id_card'
    order by md5(p.id::text) limit ${n * 3}`)) as unknown as { rows: Array<{ name: string; name_initials: string; document_enc: string; phone_enc: string | null; address: string }> };
  const rows = result.rows;
  const take = (values: string[]) => Array.from({ length: n }, (_, i) => values[i % values.length]!);
  const docs = rows.map((row) => crypto.decrypt(row.document_enc));
  return {
    name: take(rows.map((row) => row.name)),
    pinyin: take(rows.map((row) => row.name_initials).filter((x) => x.length === 3)),
    id_suffix4: take(docs.map((d) => d.slice(-4))),
    id_suffix6: take(docs.map((d) => d.slice(-6))),
    id_full: take(docs),
    phone: take(rows.flatMap((row) => (row.phone_enc ? [crypto.decrypt(row.phone_enc)] : []))),
    // "12号院3号楼2单元": what follows the community name, up to the unit.
    address: take(rows.map((row) => /\d+号院\d+号楼\d+单元/.exec(row.address)?.[0] ?? row.address)),
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (x: number) => Number(x.toFixed(1));
function summary(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50_ms: round(percentile(sorted, 50)), p95_ms: round(percentile(sorted, 95)), p99_ms: round(percentile(sorted, 99)) };
}

async function measureSearch(app: Awaited<ReturnType<typeof buildApp>>, cookie: string, queries: Record<QueryType, string[]>) {
  const all: number[] = [];
  const byType: Record<string, ReturnType<typeof summary> & { misses: number }> = {};
  // The slowest text of each type, to EXPLAIN afterwards (not part of the JSON line).
  const slowest: Record<string, { q: string; ms: number }> = {};
  let errors = 0;
  // A few warm-up requests so the first plan/JIT does not count.
  for (const q of queries.name.slice(0, 5)) await app.inject({ method: 'GET', url: `${SEARCH_PATH}?q=${encodeURIComponent(q)}`, headers: { cookie } });
  for (const type of TYPES) {
    const times: number[] = [];
    let misses = 0;
    for (const q of queries[type]) {
      const start = performance.now();
      const res = await app.inject({ method: 'GET', url: `${SEARCH_PATH}?q=${encodeURIComponent(q)}`, headers: { cookie } });
      const ms = performance.now() - start;
      times.push(ms);
      if (ms > (slowest[type]?.ms ?? -1)) slowest[type] = { q, ms };
      if (res.statusCode !== 200) {
        errors++;
        continue;
      }
      const body = res.json() as Record<string, { items?: unknown[] }>;
      if (!['persons', 'households', 'dwellings', 'places'].some((k) => (body[k]?.items?.length ?? 0) > 0)) misses++;
    }
    all.push(...times);
    byType[type] = { ...summary(times), misses };
  }
  return { ...summary(all), by_type: byType, errors, slowest };
}

const csrfByCookie = new Map<string, string>();
const csrfOf = (cookie: string) => csrfByCookie.get(cookie) ?? '';

async function signIn(app: Awaited<ReturnType<typeof buildApp>>, db: Db, username: string, roles: string[], scope: { all: true } | { nodeId: number }) {
  const user = await userRepo.insertUser(db, { username, displayName: '基准测试', roles, scopeAll: 'all' in scope, passwordHash: await hashPassword(PASSWORD), mustChangePassword: false });
  if ('nodeId' in scope) await userRepo.replaceScopes(db, user.id, [scope.nodeId], []);
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = `cg_session=${res.cookies.find((c) => c.name === 'cg_session')!.value}`;
  csrfByCookie.set(cookie, (res.json() as { csrfToken: string }).csrfToken);
  return cookie;
}

// --------------------------------------------------------------------------------------------
// One engine

async function runEngine(engine: 'postgres' | 'pglite', persons: number) {
  const crypto = createFieldCrypto(BENCH_FIELD_KEY);
  const gridCount = gridsFor(persons);
  let reused = false;
  let database: Database | null = null;
  let cleanup = async () => undefined as void;
  try {
    if (engine === 'postgres') {
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      const exists = (await admin.query('select 1 from pg_database where datname = $1', [BENCH_DB])).rowCount === 1;
      reused = Boolean(args.reuse) && exists;
      if (!reused) {
        await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${BENCH_DB}`);
      }
      cleanup = async () => {
        if (args.keep) log(`postgres: kept database ${BENCH_DB} (run again with --reuse)`);
        else await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
        await admin.end();
      };
      const url = new URL(PG_URL);
      url.pathname = `/${BENCH_DB}`;
      database = await openDatabase({ databaseUrl: url.toString() });
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-register-'));
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
      database = await openDatabase({ dataDir: path.join(dir, 'pglite') });
    }
    const db = database.db;
    await database.migrate();
    await ensureConfiguration(db);
    let start = performance.now();
    let counts: Awaited<ReturnType<typeof generateRegister>>;
    let rate = 0;
    let territory: Territory;
    if (reused) {
      territory = await keptTerritory(db);
      counts = await keptCounts(db);
      log(`postgres: reusing ${BENCH_DB}: ${JSON.stringify(counts)}`);
    } else {
    territory = await buildTerritory(db, gridCount);
    log(`${engine}: territory of ${territory.streets.length} streets, ${gridCount} grids, ${territory.grids.reduce((s, g) => s + g.buildings.length, 0)} buildings in ${((performance.now() - start) / 1000).toFixed(1)} s`);

    start = performance.now();
    let reported = 0;
    let writtenS = 0;
    const generate = () => generateRegister(db, crypto, {
      grids: territory.grids,
      persons,
      seed: 2026,
      places: { shopsPerGrid: 1.5, organisations: Math.round(gridCount / 10) },
      visits: { share: 0.1 },
      onProgress: (c) => {
        if (c.persons - reported < persons / 10 && c.persons < persons) return;
        reported = c.persons;
        const s = (performance.now() - start) / 1000;
        log(`${engine}: ${c.persons.toLocaleString('en')} persons, ${c.households.toLocaleString('en')} households in ${s.toFixed(1)} s (${Math.round(c.persons / s).toLocaleString('en')}/s)`);
      },
    }).finally(() => (writtenS = (performance.now() - start) / 1000));
    counts = args.incremental ? await generate() : await withDeferredIndexes(db, generate);
    const generateS = (performance.now() - start) / 1000;
    rate = Math.round(counts.persons / generateS);
    const rebuilt = args.incremental ? '' : ` (${writtenS.toFixed(1)} s writing rows, ${(generateS - writtenS).toFixed(1)} s rebuilding indexes and foreign keys)`;
    log(`${engine}: generated ${JSON.stringify(counts)} in ${generateS.toFixed(1)} s${rebuilt} → ${rate.toLocaleString('en')} persons/s`);
    start = performance.now();
    await db.execute(sql`analyze`);
    log(`${engine}: ANALYZE in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    }

    // The register uploads no files; the store only has to exist.
    const filesRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-files-'));
    const app = await buildApp({ db, fieldCrypto: crypto, files: createFsFileStore(filesRoot) });
    await app.ready();
    try {
      const street = territory.streets[0]!;
      const suffix = randomBytes(3).toString('hex');
      const secretary = await signIn(app, db, `bench_secretary_${suffix}`, ['community_secretary'], { nodeId: street.id });
      const admin = await signIn(app, db, `bench_admin_${suffix}`, ['admin'], { all: true });
      const queries = await sampleQueries(db, crypto, street.path, QUERIES);
      start = performance.now();
      const scoped = await measureSearch(app, secretary, queries);
      const whole = await measureSearch(app, admin, queries);
      log(`${engine}: ${2 * QUERIES * TYPES.length} searches in ${((performance.now() - start) / 1000).toFixed(1)} s`);
      if (engine === 'postgres' && Number(args.explain) > 0) {
        const url = new URL(PG_URL);
        url.pathname = `/${BENCH_DB}`;
        for (const [who, cookie, m] of [['secretary', secretary, scoped], ['admin', admin, whole]] as const) {
          const worst = Object.entries(m.by_type).sort((a, b) => b[1].p95_ms - a[1].p95_ms).slice(0, Number(args.explain));
          for (const [type] of worst) await explainSearch(app, cookie, url.toString(), `${who} ${type}`, m.slowest[type]!.q);
        }
      }
      for (const [who, m] of [['secretary (one street)', scoped], ['admin (whole district)', whole]] as const) {
        log(`${engine} ${who}: p50 ${m.p50_ms} ms, p95 ${m.p95_ms} ms, p99 ${m.p99_ms} ms, errors ${m.errors}`);
        for (const [type, s] of Object.entries(m.by_type)) log(`  ${type.padEnd(11)} p50 ${s.p50_ms} p95 ${s.p95_ms} p99 ${s.p99_ms} ms, no hit ${s.misses}/${QUERIES}`);
      }
      const importRate = IMPORT_ROWS > 0 ? await measureImport(app, db, secretary, street, engine) : null;
      return { counts, grids: gridCount, rate, importRate, result: { p50_ms: scoped.p50_ms, p95_ms: scoped.p95_ms, p99_ms: scoped.p99_ms, by_type: scoped.by_type, admin: { p50_ms: whole.p50_ms, p95_ms: whole.p95_ms, p99_ms: whole.p99_ms, by_type: whole.by_type } } };
    } finally {
      await app.close();
      fs.rmSync(filesRoot, { recursive: true, force: true });
    }
  } finally {
    await database?.close();
    await cleanup();
  }
}

/** The statements one search runs (recorded at the pg pool), each with EXPLAIN (ANALYZE, BUFFERS); plans over 5 ms are printed whole. */
async function explainSearch(app: Awaited<ReturnType<typeof buildApp>>, cookie: string, url: string, type: string, q: string) {
  const { default: pg } = await import('pg');
  const captured: Array<{ text: string; values: unknown[] }> = [];
  const original = pg.Pool.prototype.query;
  pg.Pool.prototype.query = function (this: InstanceType<typeof pg.Pool>, ...args: unknown[]) {
    const a = args[0] as string | { text: string; values?: unknown[] };
    captured.push(typeof a === 'string' ? { text: a, values: (args[1] as unknown[]) ?? [] } : { text: a.text, values: a.values ?? (args[1] as unknown[]) ?? [] });
    return (original as (...x: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await app.inject({ method: 'GET', url: `${SEARCH_PATH}?q=${encodeURIComponent(q)}`, headers: { cookie } });
  } finally {
    pg.Pool.prototype.query = original;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    log(`explain ${type} (slowest text of the type, q=${/id_|phone/.test(type) ? '…' : q}): ${captured.length} statements`);
    for (const st of captured) {
      if (!/^\s*select/i.test(st.text)) continue;
      const plan = (await client.query(`explain (analyze, buffers) ${st.text}`, st.values)).rows.map((r: Record<string, string>) => r['QUERY PLAN']!);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(plan.at(-1) ?? '')?.[1] ?? 0);
      log(`  ${ms.toFixed(1)} ms  ${st.text.replace(/\s+/g, ' ').slice(0, 160)}`);
      if (ms > 5) for (const line of plan) log(`      ${line}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * Excel import throughput: a sheet of IMPORT_ROWS persons (valid ID numbers from another province,
 * so none collides with the generated ones; households of 1–4 in new rooms of the street's
 * buildings) goes through the real endpoint — checked in a dry run, then imported all at once.
 */
async function measureImport(app: Awaited<ReturnType<typeof buildApp>>, db: Db, cookie: string, street: { id: number; path: string }, engine: string) {
  const places = ((await db.execute(sql`
    select o.name as grid, b.name as building from org_units o join buildings b on b.org_unit_id = o.id
    where o.path <@ ${street.path}::ltree and o.level = 3 order by b.id`)) as unknown as { rows: Array<{ grid: string; building: string }> }).rows;
  const r = prng(47);
  const used = new Set<string>();
  const rows: string[][] = [];
  let household = 0;
  while (rows.length < IMPORT_ROWS) {
    const place = places[household % places.length]!;
    const size = 1 + Math.floor(r() * 4);
    household++;
    for (let m = 0; m < size && rows.length < IMPORT_ROWS; m++) {
      let doc = '';
      while (!doc || used.has(doc)) {
        const born = new Date(Date.UTC(1935, 0, 1) + Math.floor(r() * 70 * 365) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
        const first17 = `610113${born}${String(Math.floor(r() * 900)).padStart(3, '0')}`;
        doc = first17 + mod11_2CheckChar(first17);
      }
      used.add(doc);
      const surname = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'][Math.floor(r() * 10)]!;
      const given = ['建国', '秀英', '志强', '丽华', '晓东', '桂兰', '海燕', '文博', '思远', '雨涵'][Math.floor(r() * 10)]!;
      rows.push([place.grid, surname + given, doc, `139${String(Math.floor(r() * 1e8)).padStart(8, '0')}`, m === 0 ? '户籍人口' : '流动人口', m === 0 ? '' : '2027-06-30', place.building, 'B', `${household}`, `IMP${household}`, m === 0 ? '户主' : '其他亲属']);
    }
  }
  const headers = ['所属网格', '姓名', '证件号码', '联系电话', '人员类别', '居住证有效期至', '楼栋', '单元', '房号', '户编号', '与户主关系'];
  let start = performance.now();
  const file = Buffer.from(writeXlsx([{ name: '实有人口登记表', columns: headers.map((header) => ({ header, text: true })), rows }]));
  log(`${engine} import: wrote a ${rows.length.toLocaleString('en')}-row sheet (${(file.length / 1e6).toFixed(1)} MB) in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  const send = (dryRun: boolean) =>
    app.inject({ method: 'POST', url: `/api/register/ledgers/persons/import?rootId=${street.id}&dryRun=${dryRun}`, payload: file, headers: { cookie, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'x-csrf-token': csrfOf(cookie) } });
  start = performance.now();
  const dry = await send(true);
  const dryS = (performance.now() - start) / 1000;
  const report = dry.json() as { problems?: Array<{ message: string }>; created?: Record<string, number> };
  if (dry.statusCode !== 200 || (report.problems?.length ?? 0) > 0) throw new Error(`dry run failed: ${dry.statusCode} ${JSON.stringify(report).slice(0, 500)}`);
  log(`${engine} import: dry run ${dryS.toFixed(1)} s (${Math.round(rows.length / dryS).toLocaleString('en')} rows/s), would create ${JSON.stringify(report.created)}`);
  start = performance.now();
  const real = await send(false);
  const importS = (performance.now() - start) / 1000;
  if (real.statusCode !== 200) throw new Error(`import failed: ${real.statusCode} ${real.body.slice(0, 500)}`);
  const rate = Math.round(rows.length / importS);
  log(`${engine} import: ${rows.length.toLocaleString('en')} rows checked and imported in ${importS.toFixed(1)} s → ${rate.toLocaleString('en')} rows/s`);
  return rate;
}

const out: Record<string, unknown> = { bench: 'register', persons: PERSONS, households: null, grids: gridsFor(PERSONS), generate_persons_per_s: null };
const rates: Record<string, number> = {};
const importRates: Record<string, number> = {};
for (const engine of ['postgres', 'pglite'] as const) {
  if (!ENGINES.includes(engine)) continue;
  const persons = engine === 'pglite' ? PGLITE_PERSONS : PERSONS;
  const run = await runEngine(engine, persons);
  rates[engine] = run.rate;
  if (run.importRate !== null) importRates[engine] = run.importRate;
  if (persons === PERSONS) out.households ??= run.counts.households;
  out[engine] = persons === PERSONS ? run.result : { ...run.result, persons, households: run.counts.households, grids: run.grids };
}
out.households ??= Math.round(PERSONS / 2.5);
out.generate_persons_per_s = rates.postgres ?? rates.pglite ?? null;
out.generate_persons_per_s_by_engine = rates;
out.import_rows_per_s = importRates.postgres ?? importRates.pglite ?? null;
out.import_rows_per_s_by_engine = importRates;
console.log(JSON.stringify(out));
