// `npm run demo:grids -- --street 410105002 --grids 43` (or `--county 410105 --grids 20000`):
// generates boundaries, grids, buildings and teams for a street or a county that has none yet.
// Uses the configured database (DATA_DIR or DATABASE_URL), importing the divisions if missing.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { systemActor } from '../actor.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { acquireLock } from '../ops/data-dir-lock.js';
import { orgUnits } from '../db/schema.js';
import { importDivision, findActiveByCode } from '../modules/territory/index.js';
import { under } from '../scope/index.js';
import { ensureConfiguration } from './demo.js';
import { generateGrids } from './demo-grids.js';
import type { BBox } from '../../../core/src/geo/types.js';

const { values } = parseArgs({
  options: {
    street: { type: 'string' },
    county: { type: 'string' },
    grids: { type: 'string', default: '43' },
    seed: { type: 'string', default: '1' },
    'size-km': { type: 'string' },
  },
});

const code = values.county ?? values.street ?? '410105002';
const grids = Number(values.grids);
if (!/^\d{6}$|^\d{9}$/.test(code) || !Number.isInteger(grids) || grids < 1) {
  console.error('usage: npm run demo:grids -- (--street 410105002 | --county 410105) --grids 43 [--seed 1] [--size-km 30]');
  process.exit(2);
}

const config = loadConfig();
// One process per PGlite folder (DATA_DIR/pglite.lock): refused while the server runs on it.
const lock = config.databaseUrl ? null : acquireLock(config.dataDir, 'demo:grids');
process.once('exit', () => lock?.release());
const database = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
try {
  await database.migrate();
  await ensureConfiguration(database.db);
  const db = database.db;
  if (!(await findActiveByCode(db, code))) await importDivision(db, systemActor(), { code });
  const root = (await findActiveByCode(db, code))!;
  const streets = code.length === 9 ? [root] : await db.select().from(orgUnits).where(and(eq(orgUnits.parentId, root.id), eq(orgUnits.status, 'active'))).orderBy(asc(orgUnits.code));
  const communities = await db
    .select()
    .from(orgUnits)
    .where(and(inArray(orgUnits.parentId, streets.map((s) => s.id)), eq(orgUnits.status, 'active')))
    .orderBy(asc(orgUnits.parentId), asc(orgUnits.code));
  const [existing] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orgUnits)
    .where(and(under(orgUnits.path, root.path), sql`${orgUnits.level} > ${communities[0]?.level ?? 0}`, eq(orgUnits.status, 'active')));
  if ((existing?.n ?? 0) > 0) {
    console.error(`${root.name} already has ${existing!.n} grids; retire them first or use a fresh DATA_DIR.`);
    process.exit(1);
  }
  // A district-sized square around Zhengzhou for counties; the real street's extent otherwise.
  const km = Number(values['size-km'] ?? (code.length === 6 ? 30 : 0));
  const bbox: BBox | undefined = km > 0 ? [113.68 - km / 2 / 91.4, 34.77 - km / 2 / 111.2, 113.68 + km / 2 / 91.4, 34.77 + km / 2 / 111.2] : undefined;
  const started = Date.now();
  const parents = code.length === 9 ? [root] : streets;
  const result = await generateGrids(db, parents, communities, { grids, seed: Number(values.seed), bbox, teams: grids <= 2000 });
  console.log(`${root.name}: ${communities.length} communities, ${result.grids} grids, ${result.buildings} buildings in ${Date.now() - started} ms`);
} finally {
  await database.close();
  lock?.release();
}
