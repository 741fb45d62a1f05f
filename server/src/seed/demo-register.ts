// The demo street's register (花园路街道, 410105002): a few thousand generated residents in the demo
// grids' buildings, with shops, organisations and visits, plus a handful of memorable people the
// docs and browser tests name (张美荣 ← "zmr", 单晓峰 ← "sxf", 曾国华 ← "zgh", 独居老人 王秀英,
// a tenant whose residence registration runs out in 20 days, a released prisoner under key management).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { mod11_2CheckChar, todayIn } from '../../../core/src/register/id-card.js';
import type { FieldCrypto } from '../crypto/field-crypto.js';
import type { Db } from '../db/client.js';
import { buildings, orgUnits } from '../db/schema.js';
import { under } from '../scope/index.js';
import { DEMO_STREET_CODE } from './demo.js';
import { generateRegister, RESERVED_SEQUENCE_FROM, type FixedHousehold, type GridInput, type RegisterCounts } from './register-generator.js';

export const DEMO_REGISTER_PERSONS = 3000;
const TONGXIN_HUAYUAN = '410105002012'; // 通信花园社区

/** A valid ID number with a sequence from the reserved range (never drawn by the generator). */
function idNumber(region: string, birthDate: string, seq: number): string {
  if (seq < RESERVED_SEQUENCE_FROM) throw new Error('memorable persons use reserved sequence numbers');
  const first17 = region + birthDate.replaceAll('-', '') + String(seq);
  return first17 + mod11_2CheckChar(first17)!;
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The memorable households: the first two grids of 通信花园社区, where the demo grid workers serve. */
export function memorableHouseholds(first: number, second: number, today: string): FixedHousehold[] {
  const until = addDays(today, 20);
  return [
    {
      gridId: first,
      occupancy: 'owner',
      members: [
        { name: '张美荣', relation: 'self', documentNumber: idNumber('410105', '1955-03-12', 902), phone: '13838206721', education: 'senior', occupation: '退休', skills: '退休教师', tags: [{ key: 'chronic_illness', since: '2019-04-01' }, { key: 'retired' }] },
        { name: '刘建国', relation: 'spouse', documentNumber: idNumber('410105', '1953-08-21', 901), phone: '13903715208', education: 'junior', occupation: '退休', tags: [{ key: 'retired' }] },
        { name: '刘晓东', relation: 'child', documentNumber: idNumber('410105', '1981-05-06', 903), phone: '13653816629', education: 'bachelor', occupation: '工程师' },
      ],
    },
    {
      gridId: first,
      occupancy: 'owner',
      members: [{ name: '王秀英', relation: 'self', documentNumber: idNumber('410105', '1941-03-15', 904), phone: null, education: 'primary', occupation: '退休', tags: [{ key: 'elderly_alone', since: '2021-09-10' }] }],
    },
    {
      gridId: first,
      occupancy: 'owner',
      members: [
        { name: '单晓峰', relation: 'self', documentNumber: idNumber('410105', '1988-07-16', 905), phone: '15890612347', education: 'bachelor', occupation: '程序员', skills: '电工、计算机维修' },
        { name: '李娟', relation: 'spouse', documentNumber: idNumber('410105', '1990-11-02', 906), phone: '15937126608', education: 'bachelor', occupation: '教师' },
      ],
    },
    {
      gridId: second,
      occupancy: 'owner',
      members: [
        { name: '曾国华', relation: 'self', documentNumber: idNumber('410105', '1962-10-01', 907), phone: '13700862154', education: 'senior', occupation: '退休', tags: [{ key: 'veteran', since: '1984-10-01' }] },
        { name: '陈秀兰', relation: 'spouse', documentNumber: idNumber('410105', '1964-02-18', 908), phone: '13783521176', education: 'junior', occupation: '退休' },
      ],
    },
    {
      gridId: second,
      occupancy: 'rented',
      landlordName: '陈桂兰',
      members: [
        {
          name: '李志强',
          relation: 'self',
          documentNumber: idNumber('411625', '1990-04-18', 909),
          phone: '18638291475',
          residenceStatus: 'migrant',
          hukouAddress: '河南省周口市郸城县城关镇张庄村',
          residenceFrom: addDays(until, -365),
          residenceUntil: until,
          education: 'junior',
          occupation: '外卖骑手',
        },
      ],
    },
    {
      gridId: second,
      occupancy: 'owner',
      members: [
        { name: '孙建军', relation: 'self', documentNumber: idNumber('410105', '1975-09-09', 911), phone: '13523490816', education: 'junior', occupation: '无业', tags: [{ key: 'released_prisoner', level: 'key', since: '2024-06-30' }] },
        { name: '刘桂兰', relation: 'parent', documentNumber: idNumber('410105', '1948-12-03', 912), phone: null, education: 'primary', occupation: '退休' },
      ],
    },
  ];
}

/** Grids of the demo street with their community names and buildings, in code order. */
async function demoGrids(db: Db): Promise<Array<GridInput & { communityCode: string }>> {
  const [street] = await db.select().from(orgUnits).where(and(eq(orgUnits.code, DEMO_STREET_CODE), eq(orgUnits.status, 'active')));
  if (!street) throw new Error(`demo street ${DEMO_STREET_CODE} missing`);
  const result = (await db.execute(sql`
    select g.id, g.name, c.name as community_name, c.code as community_code
    from org_units g join org_units c on c.id = g.parent_id
    where ${under(sql`g.path`, street.path)} and c.parent_id = ${street.id} and g.status = 'active'
    order by g.code, g.id`)) as unknown as { rows: Array<{ id: number; name: string; community_name: string; community_code: string }> };
  const rows = result.rows;
  const all = rows.length ? await db.select().from(buildings).where(inArray(buildings.orgUnitId, rows.map((g) => g.id))).orderBy(asc(buildings.id)) : [];
  return rows.map((g) => ({
    id: g.id,
    name: g.name,
    communityName: g.community_name,
    communityCode: g.community_code,
    buildings: all.filter((b) => b.orgUnitId === g.id).map((b) => ({ id: b.id, name: b.name, address: b.address, lng: b.lng, lat: b.lat })),
  }));
}

/** Seeds the demo street's register on first start; prints nothing, returns what it wrote. */
export async function seedDemoRegister(db: Db, crypto: FieldCrypto, opts: { persons?: number; today?: string } = {}): Promise<RegisterCounts> {
  const grids = await demoGrids(db);
  const tongxin = grids.filter((g) => g.communityCode === TONGXIN_HUAYUAN && g.buildings.length > 0);
  if (tongxin.length < 2) throw new Error('the demo register needs two grids with buildings in 通信花园社区');
  const today = opts.today ?? todayIn('Asia/Shanghai');
  return generateRegister(db, crypto, {
    grids,
    persons: opts.persons ?? DEMO_REGISTER_PERSONS,
    seed: 410105002,
    today,
    households: memorableHouseholds(tongxin[0]!.id, tongxin[1]!.id, today),
    places: { shopsPerGrid: 2, roads: ['花园路', '纬五路', '农业路'], organisations: 10 },
    visits: { share: 0.3 },
  });
}
