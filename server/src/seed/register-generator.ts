// Plausible register data (实有人口, 房屋, 户, 出租房屋, 沿街商户, 走访) over given grids and buildings,
// drawn from a seeded PRNG so the same seed gives the same street. Used by the demo street on first
// start and by `npm run bench:register` (2,000,000 persons): rows are written batch by batch in a
// few large INSERTs each, never held in memory all at once.
import { sql } from 'drizzle-orm';
import { creditCodeCheckChar } from '../../../core/src/register/credit-code.js';
import { type DocumentType, validateDocument } from '../../../core/src/register/documents.js';
import { mod11_2CheckChar, todayIn } from '../../../core/src/register/id-card.js';
import { pinyinKeys, type PinyinKeys } from '../../../core/src/register/pinyin.js';
import type { Relation } from '../../../core/src/register/relations.js';
import type { FieldCrypto } from '../crypto/field-crypto.js';
import type { Db } from '../db/client.js';
import { buildingPlace, dwellingAddress } from '../../../core/src/register/address.js';

export interface BuildingInput {
  id: number;
  /** e.g. '12号院3号楼'. Dwellings are addressed "{address}{unit}单元{room}室", or
   * "{community}{name}…" for a building without an address (core/src/register/address.ts). */
  name: string;
  address?: string | null;
  lng?: number;
  lat?: number;
}

export interface GridInput {
  id: number;
  name: string;
  communityName: string;
  buildings: BuildingInput[];
}

export type ResidenceStatus = 'registered' | 'migrant' | 'overseas';
export type Occupancy = 'owner' | 'rented' | 'vacant' | 'unknown';

/** A person written as given (the demo's memorable residents); gender and birth date follow from the document. */
export interface FixedPerson {
  name: string;
  relation: Relation;
  documentType?: DocumentType;
  documentNumber: string;
  phone?: string | null;
  ethnicity?: string;
  residenceStatus?: ResidenceStatus;
  education?: string | null;
  occupation?: string | null;
  nationality?: string | null;
  hukouAddress?: string | null;
  residenceFrom?: string | null;
  residenceUntil?: string | null;
  skills?: string | null;
  tags?: Array<{ key: string; level?: 'normal' | 'temporary' | 'key'; since?: string }>;
}

/** A household written into the first free dwellings of its grid, before the drawn ones. */
export interface FixedHousehold {
  gridId: number;
  occupancy: Occupancy;
  /** For a rented dwelling: the rental ledger row; every member 16 or older becomes a tenant. */
  landlordName?: string;
  members: FixedPerson[];
}

export interface GenerateOptions {
  grids: GridInput[];
  /** Persons in total (fixed households included), spread over the grids with some variation. */
  persons: number;
  seed?: number;
  /** The register's "today" (YYYY-MM-DD): ages, residence expiries and verification dates follow it. */
  today?: string;
  households?: FixedHousehold[];
  /** Persons per write; every table's rows of those persons go in one transaction. */
  batchSize?: number;
  /** Shops (沿街商户) per grid on average, along these roads; organisations in total. */
  places?: { shopsPerGrid: number; roads?: string[]; organisations?: number };
  /** Share of households with one or two logged visits in the last six months, by these visitors. */
  visits?: { share: number; visitors?: string[] };
  onProgress?: (counts: RegisterCounts) => void;
}

export interface RegisterCounts {
  persons: number;
  households: number;
  dwellings: number;
  members: number;
  tags: number;
  rentals: number;
  tenants: number;
  places: number;
  visits: number;
}

// ---------------------------------------------------------------------------------------------
// Randomness and dates

/** mulberry32: small, fast and deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** Picks from [item, weight] pairs; the cumulative table is built once. */
function weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): (r: Rand) => T {
  const total = pairs.reduce((s, p) => s + p[1], 0);
  let acc = 0;
  const cum = pairs.map((p) => (acc += p[1] / total));
  return (r) => {
    const x = r();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return pairs[lo]![0];
  };
}

const DAY_MS = 86_400_000;
const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const DAY_1900 = dayOf('1900-01-01');

/** A birth date giving exactly `age` completed years on `today`. */
function birthDateFor(r: Rand, age: number, today: string): string {
  const t = new Date(`${today}T00:00:00Z`);
  const latest = Date.UTC(t.getUTCFullYear() - age, t.getUTCMonth(), t.getUTCDate()); // turns `age` today
  const earliest = Date.UTC(t.getUTCFullYear() - age - 1, t.getUTCMonth(), t.getUTCDate()) + DAY_MS;
  const span = Math.max(1, Math.round((latest - earliest) / DAY_MS) + 1);
  return isoOf(Math.round(earliest / DAY_MS) + Math.floor(r() * span));
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

// Surnames by frequency (per mille, national figures rounded), with 单 (shan) and 曾 (zeng) whose
// readings the pinyin search must get right.
const SURNAME = weighted<string>(
  (
    '王71 李70 张69 刘54 陈46 杨31 黄22 赵20 吴20 周19 徐13 孙12 马11 朱11 胡10 郭10 何9 高9 林9 罗8 郑8 梁7 谢6 宋6 唐5 许5 韩5 冯5 邓5 曹4 彭4 曾4 ' +
    '肖4 田4 董4 袁3 潘3 于3 蒋3 蔡3 余3 杜3 叶3 程3 苏3 魏3 吕3 丁3 任3 沈2 姚2 卢2 姜2 崔2 钟2 谭2 陆2 汪2 范2 金2 石2 廖2 贾2 夏2 付2 方2 白2 ' +
    '邹2 孟2 熊2 秦2 邱2 江2 尹2 薛2 闫2 段2 雷1 侯1 龙1 史1 陶1 贺1 顾1 毛1 郝1 邵1 万1 钱1 严1 武1 戴1 孔1 常1 牛1 申1 翟1 岳1 单1 解1'
  )
    .split(' ')
    .map((s) => [s[0]!, Number(s.slice(1))] as const),
);

// Given-name characters by era and gender: names follow their time (建国, 秀英 → 浩然, 欣怡).
const GIVEN_TEXT: Record<'old' | 'mid' | 'young', Record<'male' | 'female', [string, string]>> = {
  old: {
    male: ['建国志国德振文玉永海保长广金庆学俊洪秀春', '华明强军生林成平福才富荣祥山忠民胜全义勇'],
    female: ['秀桂玉淑凤素翠兰美金春月慧淑丽彩爱', '英兰珍芬霞荣华琴梅花云芳香莲娥凤敏'],
  },
  mid: {
    male: ['志建晓海永伟国红立宏卫东小俊文新明鹏', '强峰军华伟刚勇涛斌辉杰平磊波超亮东鹏'],
    female: ['丽晓红海秀艳春雪小静美桂慧玉淑亚丽', '娟丽霞梅燕红艳芳敏静萍琳玲颖娜洁丽'],
  },
  young: {
    male: ['子浩宇梓俊一家博思嘉明天泽皓睿文志嘉', '轩然辰豪杰宇涵睿阳航博泽铭凯瑞昊鑫'],
    female: ['欣梓子雨一佳思诗紫可若嘉语梦雅心语', '怡涵萱彤琪妍诺婷晨瑶琳悦然冉菲桐玥'],
  },
};

type Era = keyof typeof GIVEN_TEXT;
const GIVEN = Object.fromEntries(
  Object.entries(GIVEN_TEXT).map(([era, byGender]) => [era, { male: byGender.male.map((t) => [...t]), female: byGender.female.map((t) => [...t]) }]),
) as Record<Era, Record<'male' | 'female', string[][]>>;

function personName(r: Rand, gender: 'male' | 'female', birthYear: number, surname = SURNAME(r)): string {
  const era = birthYear < 1965 ? 'old' : birthYear < 1992 ? 'mid' : 'young';
  const [first, second] = GIVEN[era][gender];
  // About one name in seven has a single given character (王伟, 李静).
  if (r() < 0.14) return surname + pick(r, second!);
  return surname + pick(r, first!) + pick(r, second!);
}

// GB/T 2260 county codes: 金水区 for most registered residents, other Henan counties (and a few
// neighbouring provinces) for migrants, 81/82/83 for 港澳台居民居住证.
const HOME = ['410105', '河南省郑州市金水区'] as const;
const ZHENGZHOU: ReadonlyArray<readonly [string, string]> = [
  ['410102', '河南省郑州市中原区'], ['410103', '河南省郑州市二七区'], ['410104', '河南省郑州市管城回族区'], ['410108', '河南省郑州市惠济区'],
  ['410122', '河南省郑州市中牟县'], ['410181', '河南省巩义市'], ['410182', '河南省荥阳市'], ['410184', '河南省新郑市'],
];
const MIGRANT_HOMES: ReadonlyArray<readonly [string, string]> = [
  ['410221', '河南省开封市杞县'], ['410223', '河南省开封市尉氏县'], ['410225', '河南省开封市兰考县'], ['410323', '河南省洛阳市新安县'],
  ['410325', '河南省洛阳市嵩县'], ['410422', '河南省平顶山市叶县'], ['410423', '河南省平顶山市鲁山县'], ['410526', '河南省安阳市滑县'],
  ['410527', '河南省安阳市内黄县'], ['410725', '河南省新乡市原阳县'], ['410727', '河南省新乡市封丘县'], ['410823', '河南省焦作市武陟县'],
  ['410928', '河南省濮阳市濮阳县'], ['410926', '河南省濮阳市范县'], ['411081', '河南省禹州市'], ['411122', '河南省漯河市临颍县'],
  ['411282', '河南省灵宝市'], ['411322', '河南省南阳市方城县'], ['411324', '河南省南阳市镇平县'], ['411328', '河南省南阳市唐河县'],
  ['411381', '河南省邓州市'], ['411421', '河南省商丘市民权县'], ['411426', '河南省商丘市夏邑县'], ['411481', '河南省永城市'],
  ['411522', '河南省信阳市光山县'], ['411525', '河南省信阳市固始县'], ['411528', '河南省信阳市息县'], ['411622', '河南省周口市西华县'],
  ['411623', '河南省周口市商水县'], ['411625', '河南省周口市郸城县'], ['411627', '河南省周口市太康县'], ['411628', '河南省周口市鹿邑县'],
  ['411721', '河南省驻马店市西平县'], ['411722', '河南省驻马店市上蔡县'], ['411723', '河南省驻马店市平舆县'], ['411729', '河南省驻马店市新蔡县'],
  ['341221', '安徽省阜阳市临泉县'], ['341222', '安徽省阜阳市太和县'], ['372925', '山东省菏泽市单县'], ['130181', '河北省辛集市'],
];
const HMT: ReadonlyArray<readonly [string, string]> = [['810000', '中国香港'], ['820000', '中国澳门'], ['830000', '中国台湾']];
const REGIONS = [HOME, ...ZHENGZHOU, ...MIGRANT_HOMES, ...HMT];
const REGION_INDEX = new Map(REGIONS.map(([code], i) => [code, i]));
const TOWNS = ['城关镇', '城郊乡', '东风乡', '新集镇', '王庄镇', '李店乡', '张集镇', '大营镇', '柳林镇', '高庄乡'];
const VILLAGES = ['张庄村', '李楼村', '王寨村', '刘湾村', '陈营村', '赵屯村', '孙岗村', '杨桥村', '后李村', '前进村'];

const ETHNICITY = weighted<string>([['汉族', 960], ['回族', 25], ['满族', 5], ['蒙古族', 3], ['壮族', 2], ['土家族', 2], ['苗族', 2], ['朝鲜族', 1]]);
const OCCUPATIONS = ['公司职员', '个体经营', '教师', '医生', '护士', '工程师', '公务员', '会计', '销售', '程序员', '司机', '厨师', '保安', '电工', '自由职业', '无业', '物业管理员', '银行职员'];
const MIGRANT_OCCUPATIONS = ['外卖骑手', '快递员', '建筑工人', '餐饮服务员', '家政服务员', '个体经营', '保安', '厨师', '装修工', '销售', '网约车司机', '理发师'];
const SKILLS = ['电工', '厨师', '水电维修', '理发', '缝纫', '家电维修', '计算机维修', '驾驶', '医疗护理', '中医推拿', '书法', '摄影', '心理咨询', '法律咨询', '钢琴'];
// Nationality, men's and women's names as written in their passports.
const FOREIGN: ReadonlyArray<readonly [string, string[], string[]]> = [
  ['韩国', ['KIM MINJUN', 'PARK JIHOON', 'LEE DONGHYUN'], ['LEE SEOYEON', 'CHOI YUNA', 'KIM JIWOO']],
  ['日本', ['SATO HIROSHI', 'TANAKA KENTA'], ['SUZUKI MIKA', 'TANAKA YUKI']],
  ['美国', ['JOHN SMITH', 'MICHAEL BROWN'], ['EMILY JOHNSON', 'SARAH DAVIS']],
  ['俄罗斯', ['IVAN PETROV', 'DMITRY SOKOLOV'], ['ANNA IVANOVA', 'OLGA PETROVA']],
  ['巴基斯坦', ['MUHAMMAD ALI', 'USMAN KHAN'], ['AYESHA KHAN']],
  ['哈萨克斯坦', ['NURLAN SEITOV'], ['AIGERIM NURLANOVA']],
];

const EDUCATION_BY_ERA = {
  old: weighted<string>([['none', 8], ['primary', 30], ['junior', 35], ['senior', 18], ['college', 5], ['bachelor', 4]]),
  mid: weighted<string>([['primary', 5], ['junior', 30], ['senior', 30], ['college', 17], ['bachelor', 15], ['postgraduate', 3]]),
  young: weighted<string>([['junior', 12], ['senior', 25], ['college', 25], ['bachelor', 30], ['postgraduate', 8]]),
};

function education(r: Rand, age: number, birthYear: number): string | null {
  if (age < 6) return null;
  if (age < 12) return 'primary';
  if (age < 15) return 'junior';
  if (age < 18) return 'senior';
  // Still studying: no degree before its age.
  if (age < 22) return pick(r, ['senior', 'college', 'college']);
  const level = EDUCATION_BY_ERA[birthYear < 1965 ? 'old' : birthYear < 1990 ? 'mid' : 'young'](r);
  return level === 'postgraduate' && age < 25 ? 'bachelor' : level;
}


function occupation(r: Rand, age: number, status: ResidenceStatus): string | null {
  if (age < 6) return null;
  if (age < 22) return age < 18 || r() < 0.7 ? '学生' : pick(r, MIGRANT_OCCUPATIONS);
  if (age >= 60) return r() < 0.85 ? '退休' : '无业';
  return pick(r, status === 'migrant' ? MIGRANT_OCCUPATIONS : OCCUPATIONS);
}

// Mobile prefixes in use (1[3-9]x).
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '198', '199'];
const mobile = (r: Rand) => pick(r, MOBILE_PREFIXES) + String(Math.floor(r() * 1e8)).padStart(8, '0');

// ---------------------------------------------------------------------------------------------
// Document numbers

// 410105 × 45,000 days × 2 genders of sequence counters: every drawn ID number is unique.
const DAYS = 46_000;
/** Sequence numbers 900–999 are never drawn: they are kept for fixed (memorable) persons. */
export const RESERVED_SEQUENCE_FROM = 900;

class IdNumbers {
  private counts = new Uint16Array(REGIONS.length * DAYS * 2);
  private passports = 0;

  /** A valid 18-character number: region, birth date, sequence (odd = male), MOD 11-2 check. */
  idCard(region: string, birthDate: string, gender: 'male' | 'female'): string {
    const day = dayOf(birthDate) - DAY_1900;
    const slot = ((REGION_INDEX.get(region) ?? 0) * DAYS + day) * 2 + (gender === 'male' ? 1 : 0);
    const n = this.counts[slot]!++;
    // Offices hand out low sequence numbers first; start each day somewhere below 100.
    const seq = ((day * 37) % 100) + n;
    if (2 * seq + 1 >= RESERVED_SEQUENCE_FROM) throw new Error(`too many persons born ${birthDate} in ${region}`);
    const first17 = region + birthDate.replaceAll('-', '') + String(2 * seq + (gender === 'male' ? 1 : 0)).padStart(3, '0');
    return first17 + mod11_2CheckChar(first17)!;
  }

  /** Passport, 回乡证 (H/M + 8 digits) or 台胞证 (8 digits), unique by a running number. */
  travelDocument(type: 'passport' | 'hk_macao_permit' | 'taiwan_permit', prefix: string): string {
    const n = String(10_000_000 + (++this.passports % 89_999_999)).slice(-8);
    if (type === 'taiwan_permit') return n;
    return prefix + n;
  }
}

// ---------------------------------------------------------------------------------------------
// Rows

export type { Row } from '../db/bulk.js';
import type { Row } from '../db/bulk.js';

const pinyinCache = new Map<string, PinyinKeys>();
function keysOf(name: string): PinyinKeys {
  let keys = pinyinCache.get(name);
  if (!keys) {
    if (pinyinCache.size > 400_000) pinyinCache.clear();
    keys = pinyinKeys(name);
    pinyinCache.set(name, keys);
  }
  return keys;
}

interface PersonValues {
  name: string;
  documentType: DocumentType;
  documentNumber: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  ethnicity: string | null;
  phone: string | null;
  residenceStatus: ResidenceStatus;
  education: string | null;
  occupation: string | null;
  nationality: string | null;
  hukouAddress: string | null;
  residenceFrom: string | null;
  residenceUntil: string | null;
  skills: string | null;
  verifiedAt: string | null;
}

/** A persons row, sealed exactly as the register's createPerson does (encrypted, keyed hashes, pinyin keys). */
function personRow(crypto: FieldCrypto, id: number, orgUnitId: number, dwellingId: number, p: PersonValues): Row {
  const keys = keysOf(p.name);
  const doc = p.documentNumber;
  return {
    id,
    org_unit_id: orgUnitId,
    name: p.name,
    name_initials: keys.initials,
    name_full: keys.full,
    document_type: p.documentType,
    document_enc: crypto.encrypt(doc),
    document_hash: crypto.hash(doc),
    document_suffix4: crypto.hashSuffix(doc, 4),
    document_suffix6: crypto.hashSuffix(doc, 6),
    gender: p.gender,
    birth_date: p.birthDate,
    ethnicity: p.ethnicity,
    phone_enc: p.phone ? crypto.encrypt(p.phone) : null,
    phone_hash: p.phone ? crypto.hash(p.phone) : null,
    residence_status: p.residenceStatus,
    dwelling_id: dwellingId,
    education: p.education,
    occupation: p.occupation,
    nationality: p.nationality,
    hukou_address: p.hukouAddress,
    residence_from: p.residenceFrom,
    residence_until: p.residenceUntil,
    skills: p.skills,
    verified_at: p.verifiedAt,
  };
}

const TABLES = {
  dwellings: 'id, org_unit_id, building_id, unit, floor, room, address, area_m2, use, occupancy, owner_name, verified_at',
  persons:
    'id, org_unit_id, name, name_initials, name_full, document_type, document_enc, document_hash, document_suffix4, document_suffix6, gender, birth_date, ethnicity, ' +
    'phone_enc, phone_hash, residence_status, dwelling_id, education, occupation, nationality, hukou_address, residence_from, residence_until, skills, verified_at',
  households: 'id, org_unit_id, dwelling_id, household_no, kind, head_person_id, verified_at',
  household_members: 'household_id, person_id, relation',
  person_tags: 'person_id, tag_key, management_level, since, note',
  rentals: 'id, org_unit_id, dwelling_id, landlord_name, landlord_phone_enc, landlord_phone_hash, rooms, purpose, start_date, end_date, status, verified_at',
  rental_tenants: 'rental_id, person_id, room, from_date, until_date',
  places:
    'org_unit_id, kind, name, name_initials, address, building_id, lng, lat, credit_code, industry, legal_representative, contact_name, contact_phone_enc, contact_phone_hash, employees, verified_at',
  visits: 'org_unit_id, household_id, visitor_name, visited_at, kind, findings, needs',
} as const;
type Table = keyof typeof TABLES;

/** Inserts rows (objects keyed by column name) with one statement per 5,000 rows: the rows travel as one JSON parameter. */
export { insertRows, nextIds } from '../db/bulk.js';
import { insertRows, nextIds } from '../db/bulk.js';

const REGISTER_TABLES = ['dwellings', 'persons', 'households', 'household_members', 'person_tags', 'rentals', 'rental_tenants', 'places', 'visits'];

/**
 * Runs a large load with the register tables' secondary indexes and foreign keys dropped, then
 * rebuilds them (which also checks every reference once). Building an index once is much cheaper
 * than maintaining it row by row. Only for a database nobody else uses meanwhile (the bench).
 */
export async function withDeferredIndexes<T>(db: Db, load: () => Promise<T>): Promise<T> {
  const query = async <R>(q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: R[] }).rows;
  const tables = sql.raw(REGISTER_TABLES.map((t) => `'${t}'`).join(', '));
  const foreignKeys = await query<{ tbl: string; name: string; def: string }>(
    sql`select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def from pg_constraint where contype = 'f' and conrelid::regclass::text in (${tables})`,
  );
  // Indexes behind a constraint (primary keys) stay: ids are looked up while loading.
  const indexes = await query<{ name: string; def: string }>(
    sql`select indexname as name, indexdef as def from pg_indexes where schemaname = current_schema() and tablename in (${tables})
        and indexname not in (select conname from pg_constraint)`,
  );
  for (const fk of foreignKeys) await db.execute(sql.raw(`alter table ${fk.tbl} drop constraint ${fk.name}`));
  for (const index of indexes) await db.execute(sql.raw(`drop index ${index.name}`));
  try {
    return await load();
  } finally {
    for (const index of indexes) await db.execute(sql.raw(index.def));
    for (const fk of foreignKeys) await db.execute(sql.raw(`alter table ${fk.tbl} add constraint ${fk.name} ${fk.def}`));
  }
}

/** Ids taken from a table's identity sequence in blocks, so rows can point at each other before they are written. */
class IdPool {
  private ids: number[] = [];
  private at = 0;
  constructor(
    private db: Db,
    private table: string,
    private block: number,
  ) {}
  get low() {
    return this.ids.length - this.at < 64;
  }
  async refill(): Promise<void> {
    this.ids = [...this.ids.slice(this.at), ...(await nextIds(this.db, this.table, this.block))];
    this.at = 0;
  }
  take(): number {
    if (this.at >= this.ids.length) throw new Error(`id pool of ${this.table} is empty`);
    return this.ids[this.at++]!;
  }
}

/** Buffers rows per table and writes them in foreign-key order, one INSERT per table, in one transaction. */
class Writer {
  rows: Record<Table, Row[]> = { dwellings: [], persons: [], households: [], household_members: [], person_tags: [], rentals: [], rental_tenants: [], places: [], visits: [] };
  counts: RegisterCounts = { persons: 0, households: 0, dwellings: 0, members: 0, tags: 0, rentals: 0, tenants: 0, places: 0, visits: 0 };
  private pending: Promise<void> = Promise.resolve();
  constructor(private db: Db) {}

  /** Starts writing what is buffered; the previous write is awaited first, so generation overlaps one write. */
  async flush(): Promise<void> {
    const rows = this.rows;
    this.rows = { dwellings: [], persons: [], households: [], household_members: [], person_tags: [], rentals: [], rental_tenants: [], places: [], visits: [] };
    await this.pending;
    const write = this.db.transaction(async (tx) => {
      for (const table of Object.keys(TABLES) as Table[]) await insertRows(tx, table, TABLES[table], rows[table]);
    });
    // Awaited by the next flush; until then a failure must not count as an unhandled rejection.
    write.catch(() => undefined);
    this.pending = write;
    const c = this.counts;
    c.persons += rows.persons.length;
    c.households += rows.households.length;
    c.dwellings += rows.dwellings.length;
    c.members += rows.household_members.length;
    c.tags += rows.person_tags.length;
    c.rentals += rows.rentals.length;
    c.tenants += rows.rental_tenants.length;
    c.places += rows.places.length;
    c.visits += rows.visits.length;
  }

  async done(): Promise<RegisterCounts> {
    await this.flush();
    await this.pending;
    return { ...this.counts };
  }
}

// ---------------------------------------------------------------------------------------------
// Households

interface Member {
  relation: Relation;
  age: number;
  gender: 'male' | 'female';
}

const other = (g: 'male' | 'female') => (g === 'male' ? 'female' : 'male');
const HOUSEHOLD_SIZE = weighted<number>([[1, 22], [2, 30], [3, 27], [4, 13], [5, 8]]);
const HEAD_AGE = weighted<[number, number]>([[[22, 34], 22], [[35, 54], 40], [[55, 69], 24], [[70, 92], 14]]);

/** Head, spouse, children, parents … with ages that fit each other. */
function composeFamily(r: Rand, size: number): Member[] {
  const [lo, hi] = HEAD_AGE(r);
  const headAge = int(r, lo, hi);
  const out: Member[] = [{ relation: 'self', age: headAge, gender: size === 1 && headAge >= 70 ? (r() < 0.65 ? 'female' : 'male') : r() < 0.58 ? 'male' : 'female' }];
  const head = out[0]!;
  if (size > 1 && r() < 0.85) out.push({ relation: 'spouse', age: Math.max(20, headAge + int(r, -4, 4)), gender: other(head.gender) });
  let child: Member | null = null;
  while (out.length < size) {
    const k = out.length;
    if (headAge < 24) {
      out.push({ relation: k === 1 ? 'sibling' : 'other_relative', age: int(r, 16, 30), gender: r() < 0.5 ? 'male' : 'female' });
    } else if (!child || (headAge < 55 && k < 4 && child.age > 1 && r() < 0.5)) {
      const age = child ? Math.max(0, child.age - int(r, 1, 6)) : headAge - int(r, 22, Math.min(38, headAge));
      const c: Member = { relation: 'child', age, gender: r() < 0.52 ? 'male' : 'female' };
      child ??= c;
      out.push(c);
    } else if (headAge >= 55 && child.age >= 22 && !out.some((m) => m.relation === 'child_in_law')) {
      out.push({ relation: 'child_in_law', age: Math.max(20, child.age + int(r, -3, 3)), gender: other(child.gender) });
    } else if (headAge >= 55 && child.age >= 22) {
      out.push({ relation: 'grandchild', age: Math.max(0, child.age - int(r, 22, Math.min(34, child.age))), gender: r() < 0.52 ? 'male' : 'female' });
    } else if (headAge <= 66) {
      const rel: Relation = headAge < 34 && r() < 0.15 ? 'grandparent' : 'parent';
      const age = Math.min(98, headAge + (rel === 'parent' ? int(r, 22, 32) : int(r, 45, 55)));
      out.push({ relation: rel, age, gender: r() < 0.6 ? 'female' : 'male' });
    } else {
      out.push({ relation: 'other_relative', age: int(r, 30, 70), gender: r() < 0.5 ? 'male' : 'female' });
    }
  }
  return out;
}

/** 合租: unrelated young adults sharing a rented flat. */
function composeShared(r: Rand, size: number): Member[] {
  return Array.from({ length: Math.max(2, size) }, (_, i) => ({ relation: (i === 0 ? 'self' : 'tenant') as Relation, age: int(r, 19, 42), gender: r() < 0.55 ? 'male' : 'female' }));
}

const OCCUPANCY = weighted<Occupancy>([['owner', 60], ['rented', 25], ['vacant', 8], ['unknown', 7]]);
const LEVEL = weighted<'normal' | 'temporary' | 'key'>([['normal', 70], ['temporary', 20], ['key', 10]]);
const SENSITIVE = weighted<string>([['released_prisoner', 40], ['community_correction', 15], ['key_person', 20], ['drug_user', 10], ['severe_mental_disorder', 15]]);

// ---------------------------------------------------------------------------------------------
// The generator

interface Slot {
  building: BuildingInput;
  unit: number;
  floor: number;
  room: string;
}

/** Dwellings of a grid's buildings in address order: about `wanted` of them, then more floors on the last building as needed. */
function* dwellingSlots(buildings: BuildingInput[], wanted: number): Generator<Slot> {
  let building = buildings[0]!;
  let units = 1;
  let rooms = 2;
  let floors = 1;
  for (const [i, b] of buildings.entries()) {
    const d = Math.max(1, Math.floor(wanted / buildings.length) + (i < wanted % buildings.length ? 1 : 0));
    building = b;
    units = d <= 14 ? 1 : d <= 48 ? 2 : d <= 120 ? 3 : 4;
    rooms = d / units > 36 ? 4 : 2;
    floors = Math.ceil(d / (units * rooms));
    for (let u = 1; u <= units; u++) {
      for (let f = 1; f <= floors; f++) for (let k = 1; k <= rooms; k++) yield slotAt(building, u, f, k);
    }
  }
  for (let f = floors + 1; ; f++) for (let k = 1; k <= rooms; k++) yield slotAt(building, units, f, k);
}

const slotAt = (building: BuildingInput, unit: number, floor: number, k: number): Slot => ({ building, unit, floor, room: `${floor}${String(k).padStart(2, '0')}` });

export async function generateRegister(db: Db, crypto: FieldCrypto, opts: GenerateOptions): Promise<RegisterCounts> {
  const seed = opts.seed ?? 410105002;
  const r = prng(seed);
  const today = opts.today ?? todayIn('Asia/Shanghai');
  const todayDay = dayOf(today);
  const nowMs = Date.parse(`${today}T10:00:00+08:00`);
  const batchSize = opts.batchSize ?? 4000;
  const ids = new IdNumbers();
  const writer = new Writer(db);
  const pools = {
    persons: new IdPool(db, 'persons', Math.max(256, batchSize * 2)),
    dwellings: new IdPool(db, 'dwellings', Math.max(256, batchSize)),
    households: new IdPool(db, 'households', Math.max(256, batchSize)),
    rentals: new IdPool(db, 'rentals', 1024),
  };
  const grids = opts.grids.filter((g) => g.buildings.length > 0);
  if (grids.length === 0) throw new Error('generateRegister needs grids with buildings');

  // Grids differ in size (±30%); the cumulative split keeps the total exact.
  const weights = grids.map(() => 0.7 + 0.6 * r());
  const total = weights.reduce((s, w) => s + w, 0);
  const fixedByGrid = new Map<number, FixedHousehold[]>();
  for (const h of opts.households ?? []) fixedByGrid.set(h.gridId, [...(fixedByGrid.get(h.gridId) ?? []), h]);

  const verifiedAt = (): string | null => (r() < 0.15 ? null : new Date(nowMs - Math.floor(r() * 730 * DAY_MS)).toISOString());
  let done = 0;
  let acc = 0;

  for (const [gi, grid] of grids.entries()) {
    acc += weights[gi]!;
    const quota = Math.round((opts.persons * acc) / total) - done;
    let left = quota;
    const fixed = fixedByGrid.get(grid.id) ?? [];
    let slotIndex = 0;
    for (const slot of dwellingSlots(grid.buildings, Math.ceil((quota / 2.5) * 1.1) + fixed.length)) {
      const fixedHousehold = fixed[slotIndex++];
      if (!fixedHousehold && left <= 0) break;
      for (const pool of Object.values(pools)) if (pool.low) await pool.refill();
      const dwellingId = pools.dwellings.take();
      const occupancy = fixedHousehold?.occupancy ?? OCCUPANCY(r);
      const dwelling: Row = {
        id: dwellingId,
        org_unit_id: grid.id,
        building_id: slot.building.id,
        unit: String(slot.unit),
        floor: slot.floor,
        room: slot.room,
        address: dwellingAddress(buildingPlace(slot.building, grid.communityName), String(slot.unit), String(slot.room)),
        area_m2: int(r, 45, 140),
        use: r() < 0.97 ? 'residential' : 'mixed',
        occupancy,
        owner_name: null,
        verified_at: verifiedAt(),
      };
      writer.rows.dwellings.push(dwelling);
      // 格不漏户: a few lived-in dwellings have no registered household yet (the coverage report finds them).
      if (!fixedHousehold && (occupancy === 'vacant' || r() < 0.03)) continue;
      const written = fixedHousehold
        ? writeFixed(fixedHousehold, grid, dwelling)
        : writeDrawn(grid, dwelling, occupancy, Math.min(left, HOUSEHOLD_SIZE(r)));
      left -= written;
      if (writer.rows.persons.length >= batchSize) {
        await writer.flush();
        opts.onProgress?.({ ...writer.counts });
      }
    }
    done += quota - left;
    if (opts.places) writePlaces(grid, gi);
  }
  if (opts.places?.organisations) writeOrganisations(opts.places.organisations);
  const counts = await writer.done();
  opts.onProgress?.(counts);
  return counts;

  // -- one household --------------------------------------------------------------------------

  function writeFixed(h: FixedHousehold, grid: GridInput, dwelling: Row): number {
    const members = h.members.map((m) => {
      const doc = validateDocument(m.documentType ?? 'id_card', m.documentNumber, today);
      if (!doc.ok) throw new Error(`fixed person ${m.name}: ${doc.en}`);
      const values: PersonValues = {
        name: m.name,
        documentType: doc.type,
        documentNumber: doc.normalized,
        gender: doc.gender ?? null,
        birthDate: doc.birthDate ?? null,
        ethnicity: m.ethnicity ?? '汉族',
        phone: m.phone ?? null,
        residenceStatus: m.residenceStatus ?? 'registered',
        education: m.education ?? null,
        occupation: m.occupation ?? null,
        nationality: m.nationality ?? null,
        hukouAddress: m.hukouAddress ?? null,
        residenceFrom: m.residenceFrom ?? null,
        residenceUntil: m.residenceUntil ?? null,
        skills: m.skills ?? null,
        verifiedAt: new Date(nowMs - 20 * DAY_MS).toISOString(),
      };
      return { values, relation: m.relation, tags: m.tags ?? [] };
    });
    const personIds = writeHousehold(grid, dwelling, members, 'family', h.landlordName ?? null);
    members.forEach((m, i) => {
      for (const t of m.tags) writer.rows.person_tags.push({ person_id: personIds[i], tag_key: t.key, management_level: t.level ?? null, since: t.since ?? null, note: null });
    });
    return members.length;
  }

  function writeDrawn(grid: GridInput, dwelling: Row, occupancy: Occupancy, size: number): number {
    const shared = occupancy === 'rented' && size >= 2 && r() < 0.2;
    const drafts = shared ? composeShared(r, size) : composeFamily(r, size);
    // Who lives here: tenants are mostly migrants, owners mostly registered residents.
    const x = r();
    const status: ResidenceStatus = occupancy === 'rented' ? (x < 0.8 ? 'migrant' : x < 0.86 ? 'overseas' : 'registered') : x < 0.02 ? 'migrant' : x < 0.025 ? 'overseas' : 'registered';
    const home = status === 'migrant' ? pick(r, MIGRANT_HOMES) : null;
    const foreign = status === 'overseas' ? overseasKind() : null;
    const familyName = SURNAME(r);
    const familyEthnicity = ETHNICITY(r);
    const verified = verifiedAt();
    const from = todayDay - int(r, 30, 700);
    const surnames = shared ? null : familySurnames(drafts, familyName);
    const members = drafts.map((m, i) => {
      const birthDate = birthDateFor(r, m.age, today);
      const birthYear = Number(birthDate.slice(0, 4));
      let name = personName(r, m.gender, birthYear, surnames?.[i]);
      let documentType: DocumentType = 'id_card';
      let documentNumber: string;
      let nationality: string | null = null;
      if (foreign?.kind === 'passport') {
        name = pick(r, m.gender === 'male' ? foreign.men : foreign.women);
        documentType = 'passport';
        documentNumber = ids.travelDocument('passport', pick(r, ['E', 'G', 'M', 'P']));
        nationality = foreign.nationality;
      } else if (foreign) {
        documentType = foreign.kind;
        nationality = foreign.nationality;
        documentNumber = foreign.kind === 'hmt_residence_permit' ? ids.idCard(foreign.region, birthDate, m.gender) : ids.travelDocument(foreign.kind, foreign.prefix);
      } else {
        const region = status === 'migrant' ? home![0] : m.age < 30 || r() < 0.85 ? HOME[0] : pick(r, ZHENGZHOU)[0];
        documentNumber = ids.idCard(region, birthDate, m.gender);
      }
      const stay = status === 'registered' ? null : residencePeriod(from);
      const values: PersonValues = {
        name,
        documentType,
        documentNumber,
        gender: m.gender,
        birthDate,
        ethnicity: foreign?.kind === 'passport' ? null : shared || m.relation === 'spouse' || m.relation === 'child_in_law' ? ETHNICITY(r) : familyEthnicity,
        phone: m.age >= 14 && (m.age < 80 || r() < 0.5) ? mobile(r) : null,
        residenceStatus: status,
        education: education(r, m.age, birthYear),
        occupation: occupation(r, m.age, status),
        nationality,
        hukouAddress: home ? `${home[1]}${pick(r, TOWNS)}${pick(r, VILLAGES)}` : null,
        residenceFrom: stay?.[0] ?? null,
        residenceUntil: stay?.[1] ?? null,
        skills: m.age >= 20 && r() < 0.08 ? skills(m.age) : null,
        verifiedAt: verified,
      };
      return { values, relation: m.relation, member: m };
    });
    const landlord = occupancy === 'rented' ? personName(r, r() < 0.5 ? 'male' : 'female', int(r, 1950, 1985)) : null;
    const personIds = writeHousehold(grid, dwelling, members, shared ? 'collective' : 'family', landlord);
    members.forEach((m, i) => drawTags(personIds[i]!, m.member, drafts.length, m.values));
    return members.length;
  }

  /** Children take their father's surname, spouses and in-laws keep their own. */
  function familySurnames(drafts: Member[], familyName: string): string[] {
    const out: string[] = [];
    const of = (relation: Relation) => drafts.findIndex((m) => m.relation === relation);
    drafts.forEach((m, i) => {
      const spouse = of('spouse');
      const child = of('child');
      const inLaw = of('child_in_law');
      let surname: string;
      if (m.relation === 'self' || m.relation === 'sibling') surname = familyName;
      else if (m.relation === 'child') surname = drafts[0]!.gender === 'female' && spouse >= 0 ? out[spouse]! : familyName;
      else if (m.relation === 'parent' || m.relation === 'grandparent') surname = m.gender === 'male' ? familyName : SURNAME(r);
      else if (m.relation === 'grandchild') surname = drafts[child]!.gender === 'female' && inLaw >= 0 && inLaw < i ? out[inLaw]! : out[child]!;
      else surname = SURNAME(r);
      out.push(surname);
    });
    return out;
  }

  function writeHousehold(grid: GridInput, dwelling: Row, members: Array<{ values: PersonValues; relation: Relation }>, kind: 'family' | 'collective', landlordName: string | null): number[] {
    const householdId = pools.households.take();
    const personIds = members.map(() => pools.persons.take());
    members.forEach((m, i) => {
      writer.rows.persons.push(personRow(crypto, personIds[i]!, grid.id, dwelling.id as number, m.values));
      writer.rows.household_members.push({ household_id: householdId, person_id: personIds[i], relation: m.relation });
    });
    const head = members[0]!.values;
    writer.rows.households.push({
      id: householdId,
      org_unit_id: grid.id,
      dwelling_id: dwelling.id,
      household_no: head.residenceStatus === 'registered' && kind === 'family' ? String(int(r, 100_000_000, 999_999_999)) : null,
      kind,
      head_person_id: personIds[0],
      verified_at: head.verifiedAt,
    });
    dwelling.owner_name = landlordName ?? (dwelling.occupancy === 'owner' ? head.name : null);
    if (landlordName) {
      const rentalId = pools.rentals.take();
      const start = head.residenceFrom ?? isoOf(todayDay - int(r, 30, 700));
      const end = isoOf(dayOf(start) + (r() < 0.7 ? 365 : 730));
      const phone = mobile(r);
      writer.rows.rentals.push({
        id: rentalId,
        org_unit_id: grid.id,
        dwelling_id: dwelling.id,
        landlord_name: landlordName,
        landlord_phone_enc: crypto.encrypt(phone),
        landlord_phone_hash: crypto.hash(phone),
        rooms: kind === 'collective' ? members.length : int(r, 1, 3),
        purpose: 'residential',
        start_date: start,
        end_date: end,
        status: 'active',
        verified_at: head.verifiedAt,
      });
      members.forEach((m, i) => {
        if (m.values.birthDate && dayOf(m.values.birthDate) > todayDay - 16 * 365) return;
        writer.rows.rental_tenants.push({
          rental_id: rentalId,
          person_id: personIds[i],
          room: kind === 'collective' ? `${'ABCDEF'[i]}室` : null,
          from_date: m.values.residenceFrom ?? start,
          until_date: m.values.residenceUntil ?? end,
        });
      });
    }
    if (opts.visits && r() < opts.visits.share) drawVisits(grid, householdId, members.map((m) => m.values));
    return personIds;
  }

  // -- details --------------------------------------------------------------------------------

  /** Residence registration: most valid for months, some expiring within 30 days, a few expired. */
  function residencePeriod(householdFrom: number): [string, string] {
    const x = r();
    const until = x < 0.08 ? todayDay + int(r, 0, 30) : x < 0.12 ? todayDay - int(r, 1, 120) : todayDay + int(r, 31, 700);
    const from = Math.min(todayDay, until - (r() < 0.8 ? 365 : 730), householdFrom + int(r, 0, 20));
    return [isoOf(Math.max(from, until - 730)), isoOf(until)];
  }

  function overseasKind():
    | { kind: 'passport'; nationality: string; men: string[]; women: string[] }
    | { kind: 'hk_macao_permit' | 'taiwan_permit'; nationality: string; prefix: string }
    | { kind: 'hmt_residence_permit'; nationality: string; region: string } {
    const x = r();
    if (x < 0.45) {
      const [nationality, men, women] = pick(r, FOREIGN);
      return { kind: 'passport', nationality, men, women };
    }
    if (x < 0.7) return r() < 0.8 ? { kind: 'hk_macao_permit', nationality: '中国香港', prefix: 'H' } : { kind: 'hk_macao_permit', nationality: '中国澳门', prefix: 'M' };
    if (x < 0.85) return { kind: 'taiwan_permit', nationality: '中国台湾', prefix: '' };
    const [region, nationality] = pick(r, HMT);
    return { kind: 'hmt_residence_permit', nationality, region };
  }

  function skills(age: number): string {
    const first = age >= 58 && r() < 0.4 ? '退休教师' : pick(r, SKILLS);
    return r() < 0.3 ? `${first}、${pick(r, SKILLS.filter((s) => s !== first))}` : first;
  }

  function drawTags(personId: number, m: Member, size: number, p: PersonValues) {
    const tags: Array<[string, string | null]> = [];
    if (size === 1 && m.age >= 70 && r() < 0.7) tags.push(['elderly_alone', null]);
    if (size === 2 && m.age >= 65 && r() < 0.3) tags.push(['empty_nest', null]);
    if (m.age >= 60 && p.residenceStatus === 'registered' && r() < 0.4) tags.push(['retired', null]);
    if ((m.age >= 60 && r() < 0.25) || (m.age >= 40 && r() < 0.05)) tags.push(['chronic_illness', null]);
    if (r() < 0.015) tags.push(['disabled', null]);
    if (p.residenceStatus === 'registered' && r() < 0.01) tags.push(['minimum_living', null]);
    if (r() < 0.005) tags.push(['special_care', null]);
    if (m.gender === 'male' && m.age >= 35 && r() < 0.03) tags.push(['veteran', null]);
    if (m.age >= 18 && m.age <= 65 && r() < 0.004) tags.push([SENSITIVE(r), LEVEL(r)]);
    for (const [key, level] of tags) {
      writer.rows.person_tags.push({ person_id: personId, tag_key: key, management_level: level, since: isoOf(todayDay - int(r, 30, 3650)), note: null });
    }
  }

  function drawVisits(grid: GridInput, householdId: number, members: PersonValues[]) {
    const elderlyAlone = members.length === 1 && members[0]!.birthDate! <= isoOf(todayDay - 70 * 365);
    const migrants = members[0]!.residenceStatus !== 'registered';
    for (let i = int(r, 1, 2); i > 0; i--) {
      const kind = VISIT_KIND(r);
      const findings = elderlyAlone ? pick(r, ELDERLY_FINDINGS) : migrants ? pick(r, MIGRANT_FINDINGS) : pick(r, VISIT_FINDINGS[kind] ?? VISIT_FINDINGS.routine!);
      writer.rows.visits.push({
        org_unit_id: grid.id,
        household_id: householdId,
        visitor_name: opts.visits?.visitors?.length ? pick(r, opts.visits.visitors) : personName(r, r() < 0.5 ? 'male' : 'female', int(r, 1975, 1998)),
        visited_at: new Date(nowMs - Math.floor(r() * 180 * DAY_MS)).toISOString(),
        kind,
        findings,
        needs: r() < 0.25 ? pick(r, NEEDS) : null,
      });
    }
  }

  // -- places ---------------------------------------------------------------------------------

  function writePlaces(grid: GridInput, gi: number) {
    const p = opts.places!;
    const pr = prng(seed ^ (0x9e3779b9 + gi));
    const n = Math.floor(p.shopsPerGrid) + (pr() < p.shopsPerGrid % 1 ? 1 : 0);
    const roads = p.roads ?? ['花园路', '纬五路', '农业路'];
    for (let i = 0; i < n; i++) {
      const [name, industry] = shopName(pr);
      const building = pick(pr, grid.buildings);
      const owner = personName(pr, pr() < 0.5 ? 'male' : 'female', int(pr, 1960, 1995));
      pushPlace(pr, grid, {
        kind: 'shop',
        name,
        address: `${pick(pr, roads)}${int(pr, 1, 260)}号`,
        building,
        industry,
        owner,
        employees: int(pr, 1, 12),
        credit: pr() < 0.75 ? '92' : null,
      });
    }
  }

  function writeOrganisations(count: number) {
    const pr = prng(seed ^ 0x5bd1e995);
    for (let i = 0; i < count; i++) {
      const grid = pick(pr, grids);
      const [kind, name, credit] = ORGANISATIONS[i % ORGANISATIONS.length]!;
      const round = Math.floor(i / ORGANISATIONS.length);
      pushPlace(pr, grid, {
        kind,
        name: round === 0 ? name : `${name}（${round + 1}）`,
        address: `${grid.communityName}${pick(pr, grid.buildings).name}`,
        building: pick(pr, grid.buildings),
        industry: null,
        owner: personName(pr, pr() < 0.6 ? 'male' : 'female', int(pr, 1960, 1990)),
        employees: int(pr, 5, 300),
        credit,
      });
    }
  }

  function pushPlace(
    pr: Rand,
    grid: GridInput,
    p: { kind: string; name: string; address: string; building: BuildingInput; industry: string | null; owner: string; employees: number; credit: string | null },
  ) {
    const phone = mobile(pr);
    const n = writer.counts.places + writer.rows.places.length + 1;
    writer.rows.places.push({
      org_unit_id: grid.id,
      kind: p.kind,
      name: p.name,
      name_initials: pinyinKeys(p.name, 'place').initials,
      address: p.address,
      building_id: p.building.id,
      lng: p.building.lng === undefined ? null : p.building.lng + (pr() - 0.5) * 0.0004,
      lat: p.building.lat === undefined ? null : p.building.lat + (pr() - 0.5) * 0.0004,
      credit_code: p.credit ? creditCode(p.credit, seed, n) : null,
      industry: p.industry,
      legal_representative: p.owner,
      contact_name: p.owner,
      contact_phone_enc: crypto.encrypt(phone),
      contact_phone_hash: crypto.hash(phone),
      employees: p.employees,
      verified_at: verifiedAt(),
    });
  }
}

/** GB 32100 code: authority + category, 金水区, a 9-character organisation code from a running number, check character. */
function creditCode(prefix: string, seed: number, n: number): string {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let v = (seed % 9973) * 1_000_000 + n;
  let org = '';
  for (let i = 0; i < 9; i++) {
    org = charset[v % 31] + org;
    v = Math.floor(v / 31);
  }
  const first17 = prefix + HOME[0] + org;
  return first17 + creditCodeCheckChar(first17)!;
}

const FOOD = ['烩面馆', '胡辣汤', '羊肉汤馆', '包子铺', '米线店', '饺子馆', '卤面馆', '牛肉拉面'];
const RETAIL: ReadonlyArray<readonly [string, string]> = [
  ['超市', '零售'], ['便利店', '零售'], ['水果店', '零售'], ['五金店', '零售'], ['粮油店', '零售'], ['烟酒店', '零售'],
  ['理发店', '生活服务'], ['干洗店', '生活服务'], ['药房', '医药'], ['手机维修', '生活服务'], ['蔬菜店', '零售'], ['快递驿站', '生活服务'],
];
const SHOP_PREFIX = ['便民', '惠民', '鑫源', '好邻居', '阳光', '佳佳', '兴隆', '顺发', '福满多', '金水', '大众', '红星'];

function shopName(r: Rand): [string, string] {
  if (r() < 0.4) return [`${SURNAME(r)}记${pick(r, FOOD)}`, '餐饮'];
  const [suffix, industry] = pick(r, RETAIL);
  return [`${pick(r, SHOP_PREFIX)}${suffix}`, industry];
}

// 驻区单位, 社会组织, 非公企业, 物业公司, with the authority and category of their credit code.
const ORGANISATIONS: ReadonlyArray<readonly [string, string, string]> = [
  ['resident_unit', '郑州市金水区花园路小学', '12'],
  ['resident_unit', '金水区花园路社区卫生服务中心', '12'],
  ['social_org', '花园路街道志愿者协会', '51'],
  ['social_org', '通信花园社区老年协会', '51'],
  ['social_org', '金水区阳光社会工作服务中心', '52'],
  ['private_enterprise', '河南鑫诚科技有限公司', '91'],
  ['private_enterprise', '郑州惠通商贸有限公司', '91'],
  ['private_enterprise', '郑州佳和餐饮管理有限公司', '91'],
  ['property_company', '郑州市金水区安居物业服务有限公司', '91'],
  ['property_company', '河南嘉园物业服务有限公司', '91'],
];

const VISIT_KIND = weighted<string>([['routine', 80], ['hospital', 5], ['hardship', 5], ['festival', 7], ['dispute', 2], ['funeral', 1]]);
const VISIT_FINDINGS: Record<string, string[]> = {
  routine: ['家中一切正常，人员信息核实无误', '反映楼道灯损坏，已上报物业维修', '家庭成员信息有变化，已更新登记', '宣传反诈知识，发放宣传页', '居民反映小区停车难，已记录'],
  hospital: ['户主住院治疗，家属陪护，已了解所需帮助', '老人术后在家休养，恢复良好'],
  hardship: ['家庭经济困难，协助申请临时救助', '失业在家，已推荐社区就业岗位'],
  festival: ['节日慰问，送去米面油', '春节走访，老人精神状态良好'],
  dispute: ['邻里因漏水产生矛盾，已联系双方调解', '楼上噪音纠纷，已协调物业处理'],
  funeral: ['家中老人去世，代表社区吊唁慰问'],
};
const ELDERLY_FINDINGS = ['独居老人身体状况良好，已提醒按时服药', '老人近期血压偏高，已联系社区医生上门', '协助老人申请助餐服务', '检查燃气和用电安全，未发现隐患'];
const MIGRANT_FINDINGS = ['租户已办理居住登记，信息核实无误', '提醒租户居住证即将到期，按时续签', '新入住租户，已登记身份信息', '出租屋消防通道畅通，灭火器在有效期内'];
const NEEDS = ['需要助餐服务', '希望社区协助联系家政', '需要办理居住证续签', '希望增设楼道扶手', '需要帮助申请残疾人补贴'];
