// Importing a filled ledger (台账) from Excel: read every row, check everything that can be checked
// (cells, documents, grids and buildings in the caller's scope, duplicates in the file and in the
// register), report every problem with its row and column in Chinese, and write only when there
// is none — all rows in one transaction, or nothing.
import { and, eq, inArray, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { buildingPlace, dwellingAddress } from '../../../../core/src/register/address.js';
import { validateDocument } from '../../../../core/src/register/documents.js';
import { todayIn } from '../../../../core/src/register/id-card.js';
import { LEDGERS, personRowProblems, readLedger, splitTags, type LedgerEntity, type RowProblem } from '../../../../core/src/register/ledger.js';
import { pinyinKeys } from '../../../../core/src/register/pinyin.js';
import { canSeeTag, MANAGEMENT_LEVELS } from '../../../../core/src/register/tags.js';
import { readXlsx, XlsxError } from '../../../../core/src/xlsx/index.js';
import { requirePermission, type Actor } from '../../actor.js';
import { inScope, pathInScope, under } from '../../scope/index.js';
import { componentCodePrefix, componentCodeProblem, countyOf, nextComponentCode } from '../../../../core/src/categories/component-code.js';
import { componentCategory } from '../../../../core/src/categories/gbt47678.js';
import { isWithin } from '../../../../core/src/ltree.js';
import { locator, buildings } from '../geo/index.js';
import { components, deepestDivisionCode, insertComponents, insertPlaces, lastComponentCode, places } from '../places/index.js';
import { dwellings, insertDwellings } from '../housing/index.js';
import { orgUnits, requireNode } from '../territory/index.js';
import { persons, activeTags } from '../register/index.js';
import { recordAudit } from '../audit/index.js';
import type { RegisterDeps } from '../register/index.js';
import type { DbOrTx } from '../../db/client.js';
import { AppError, badRequest } from '../../errors.js';
import { insertRows, nextIds } from '../../db/bulk.js';

export const MAX_IMPORT_ROWS = 200_000;
const BATCH = 1000;

type Values = Record<string, string | number | null>;
type Row = { row: number; values: Values };

export interface ImportReport {
  entity: LedgerEntity;
  dryRun: boolean;
  rows: number;
  problems: Array<RowProblem & { message: string }>;
  /** What the import creates (dry run) or created. */
  created: Record<string, number>;
}

/** The first sheet's rows as text, header first, and each entry's spreadsheet row number. */
export function readSheet(data: Uint8Array): { rows: string[][]; rowNumbers: number[] } {
  try {
    const [sheet] = readXlsx(data, { maxRows: MAX_IMPORT_ROWS + 1 });
    if (!sheet || sheet.rows.length === 0) throw badRequest('EMPTY_SHEET', { zh: '表格是空的', en: 'The sheet is empty' });
    return { rows: sheet.rows.map((r) => r.cells), rowNumbers: sheet.rows.map((r) => r.row) };
  } catch (e) {
    if (e instanceof XlsxError) throw new AppError(e.code === 'TOO_LARGE' ? 413 : 400, e.code === 'NOT_XLSX' ? 'NOT_XLSX' : e.code === 'TOO_LARGE' ? 'TOO_LARGE' : 'CORRUPT_XLSX', { zh: e.zh, en: e.en });
    throw e;
  }
}

class Problems {
  readonly list: RowProblem[] = [];
  add(row: number, column: string | null, zh: string, en: string) {
    this.list.push({ row, column, zh, en });
  }
}

/** Grids named in the sheet, by name or code, inside the root and the actor's scope. */
async function resolveGrids(db: DbOrTx, actor: Actor, rootPath: string, texts: string[]) {
  const wanted = [...new Set(texts)];
  const found = new Map<string, { id: number; name: string; path: string } | 'ambiguous'>();
  for (let i = 0; i < wanted.length; i += BATCH) {
    const chunk = wanted.slice(i, i + BATCH);
    const rows = await db
      .select({ id: orgUnits.id, name: orgUnits.name, code: orgUnits.code, path: orgUnits.path })
      .from(orgUnits)
      .where(and(eq(orgUnits.status, 'active'), inScope(actor, orgUnits.path), under(orgUnits.path, rootPath), or(inArray(orgUnits.name, chunk), inArray(orgUnits.code, chunk))));
    for (const text of chunk) {
      const hits = rows.filter((r) => r.code === text || r.name === text);
      if (hits.length === 1) found.set(text, hits[0]!);
      else if (hits.length > 1) found.set(text, 'ambiguous');
    }
  }
  return found;
}

function gridOf(p: Problems, grids: Awaited<ReturnType<typeof resolveGrids>>, r: Row) {
  const text = String(r.values.grid);
  const g = grids.get(text);
  // A grid outside the caller's scope reads exactly like one that does not exist.
  if (!g) p.add(r.row, '所属网格', `「${text}」不是您辖区内的网格（请填网格名称或编码）`, `“${text}” is not a grid within your area (use its name or code)`);
  else if (g === 'ambiguous') p.add(r.row, '所属网格', `有多个名为「${text}」的网格，请改填网格编码`, `Several grids are called “${text}”; use the grid code`);
  return g && g !== 'ambiguous' ? g : null;
}

/** Buildings of the grids, matched by name or number (3号楼). */
async function buildingIndex(db: DbOrTx, gridIds: number[]) {
  const index = new Map<string, number | 'ambiguous'>();
  for (let i = 0; i < gridIds.length; i += BATCH) {
    const rows = await db
      .select({ id: buildings.id, orgUnitId: buildings.orgUnitId, name: buildings.name, number: buildings.number })
      .from(buildings)
      .where(and(inArray(buildings.orgUnitId, gridIds.slice(i, i + BATCH)), eq(buildings.status, 'active')));
    for (const b of rows) {
      for (const label of new Set([b.name, b.number].filter((x): x is string => !!x))) {
        const key = `${b.orgUnitId}|${label}`;
        index.set(key, index.has(key) && index.get(key) !== b.id ? 'ambiguous' : b.id);
      }
    }
  }
  return index;
}

async function existingDwellings(db: DbOrTx, buildingIds: number[]) {
  const index = new Map<string, { id: number; orgUnitId: number; address: string }>();
  for (let i = 0; i < buildingIds.length; i += BATCH) {
    const rows = await db
      .select({ id: dwellings.id, buildingId: dwellings.buildingId, unit: dwellings.unit, room: dwellings.room, orgUnitId: dwellings.orgUnitId, address: dwellings.address })
      .from(dwellings)
      .where(and(inArray(dwellings.buildingId, buildingIds.slice(i, i + BATCH)), eq(dwellings.status, 'active')));
    for (const d of rows) index.set(`${d.buildingId}|${d.unit ?? ''}|${d.room}`, d);
  }
  return index;
}

async function buildingLabels(db: DbOrTx, ids: number[]) {
  const community = alias(orgUnits, 'community');
  const out = new Map<number, { place: string }>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await db
      .select({ id: buildings.id, name: buildings.name, address: buildings.address, communityName: community.name })
      .from(buildings)
      .innerJoin(orgUnits, eq(orgUnits.id, buildings.orgUnitId))
      .leftJoin(community, eq(community.id, orgUnits.parentId))
      .where(inArray(buildings.id, ids.slice(i, i + BATCH)));
    for (const b of rows) out.set(b.id, { place: buildingPlace(b, b.communityName) });
  }
  return out;
}

async function insertBatches<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

// ---------------------------------------------------------------------------------------------
// Persons (with their dwellings and households)

async function importPersons(deps: RegisterDeps, tx: DbOrTx, actor: Actor, root: { path: string }, rows: Row[], p: Problems, write: boolean) {
  const today = todayIn(deps.timeZone);
  const { crypto } = deps;
  const grids = await resolveGrids(
    tx,
    actor,
    root.path,
    rows.map((r) => String(r.values.grid ?? '')),
  );
  const catalogue = (await activeTags(tx)).filter((t) => canSeeTag(actor.roles, t));
  const tagByLabel = new Map(catalogue.flatMap((t) => [[t.zh, t] as const, [t.key, t] as const]));

  // Cells that need each other: documents, dwellings, households, tags.
  type Person = { r: Row; gridId: number; doc: { type: string; normalized: string; hash: string; gender?: string; birthDate?: string }; buildingKey: string | null; tags: Array<{ key: string; level: string | null }> };
  const people: Person[] = [];
  const byHash = new Map<string, number>();
  for (const r of rows) {
    const grid = r.values.grid == null ? null : gridOf(p, grids, r);
    for (const problem of personRowProblems(r.values, today)) p.add(r.row, problem.column, problem.zh, problem.en);
    const doc = r.values.documentNumber == null ? null : validateDocument(String(r.values.documentType ?? 'id_card'), String(r.values.documentNumber), today);
    const tags: Person['tags'] = [];
    for (const t of splitTags(String(r.values.tags ?? ''))) {
      const def = tagByLabel.get(t.label);
      // A sensitive tag this role may not see is an unknown tag, exactly.
      if (!def) {
        p.add(r.row, '人员标签', `没有标签「${t.label}」`, `There is no tag “${t.label}”`);
        continue;
      }
      if (def.rule) continue; // 60岁以上老人, 流动人口 … follow from other cells
      const level = t.level ? MANAGEMENT_LEVELS.find((l) => l.zh === t.level || l.key === t.level)?.key ?? null : null;
      if (def.sensitive && !level) p.add(r.row, '人员标签', `「${def.zh}」须注明管理级别，如：${def.zh}(重点)`, `${def.en} needs a management level`);
      else if (!def.sensitive && t.level) p.add(r.row, '人员标签', `「${def.zh}」不设管理级别`, `${def.en} has no management level`);
      else tags.push({ key: def.key, level });
    }
    if (r.values.relation && !r.values.householdKey) p.add(r.row, '户编号', '填写了与户主关系，但没有户编号', 'A relation is given without a household key');
    if ((r.values.unit || r.values.room) && !r.values.building) p.add(r.row, '楼栋', '填写了单元或房号，但没有楼栋', 'A unit or room is given without a building');
    if (r.values.building && !r.values.room) p.add(r.row, '房号', '填写了楼栋，但没有房号', 'A building is given without a room');
    if (!grid || !doc || !doc.ok) continue;
    const hash = crypto.hash(doc.normalized);
    const first = byHash.get(hash);
    if (first) {
      p.add(r.row, '证件号码', `与第${first}行的证件号码重复`, `Same document number as row ${first}`);
      continue;
    }
    byHash.set(hash, r.row);
    people.push({ r, gridId: grid.id, doc: { type: doc.type, normalized: doc.normalized, hash, gender: doc.gender, birthDate: doc.birthDate }, buildingKey: r.values.building ? `${grid.id}|${r.values.building}` : null, tags });
  }

  // Already registered within the caller's scope (duplicates elsewhere stay invisible).
  const hashes = [...byHash.keys()];
  for (let i = 0; i < hashes.length; i += BATCH) {
    const dups = await tx
      .select({ hash: persons.documentHash, name: persons.name })
      .from(persons)
      .innerJoin(orgUnits, eq(orgUnits.id, persons.orgUnitId))
      .where(and(inArray(persons.documentHash, hashes.slice(i, i + BATCH)), eq(persons.status, 'active'), inScope(actor, orgUnits.path)));
    for (const d of dups) p.add(byHash.get(d.hash)!, '证件号码', `该证件号码已登记（${d.name}），请勿重复导入`, `This document number is already registered (${d.name})`);
  }

  // Buildings and dwellings.
  const bIndex = await buildingIndex(tx, [...new Set(people.filter((x) => x.buildingKey).map((x) => x.gridId))]);
  const buildingIds = new Set<number>();
  for (const x of people) {
    if (!x.buildingKey) continue;
    const b = bIndex.get(x.buildingKey);
    if (b === undefined) p.add(x.r.row, '楼栋', `楼栋「${x.r.values.building}」未在该网格登记`, `Building “${x.r.values.building}” is not registered in that grid`);
    else if (b === 'ambiguous') p.add(x.r.row, '楼栋', `该网格有多个楼栋叫「${x.r.values.building}」`, `Several buildings of the grid are called “${x.r.values.building}”`);
    else buildingIds.add(b);
  }
  const dIndex = await existingDwellings(tx, [...buildingIds]);
  const labels = await buildingLabels(tx, [...buildingIds]);
  const newDwellings = new Map<string, { buildingId: number; orgUnitId: number; unit: string | null; room: string; address: string }>();
  const dwellingKeyOf = (x: Person) => {
    const b = x.buildingKey ? bIndex.get(x.buildingKey) : undefined;
    if (typeof b !== 'number') return null;
    const unit = x.r.values.unit == null ? null : String(x.r.values.unit);
    const room = String(x.r.values.room);
    const key = `${b}|${unit ?? ''}|${room}`;
    if (!dIndex.has(key) && !newDwellings.has(key)) newDwellings.set(key, { buildingId: b, orgUnitId: x.gridId, unit, room, address: dwellingAddress(labels.get(b)!.place, unit, room) });
    return key;
  };

  // Households: rows sharing a household key, exactly one head, all in one grid.
  const groups = new Map<string, Person[]>();
  for (const x of people) {
    const key = x.r.values.householdKey;
    if (key == null) continue;
    groups.set(String(key), [...(groups.get(String(key)) ?? []), x]);
  }
  for (const [key, members] of groups) {
    const heads = members.filter((m) => m.r.values.relation === 'self');
    const where = members.map((m) => m.r.row).join('、');
    if (heads.length !== 1) {
      const zh = heads.length === 0 ? `户编号「${key}」（第${where}行）没有户主` : `户编号「${key}」有${heads.length}名户主（第${heads.map((h) => h.r.row).join('、')}行）`;
      p.add(members[0]!.r.row, '与户主关系', zh, heads.length === 0 ? `Household ${key} has no head` : `Household ${key} has ${heads.length} heads`);
    }
    if (new Set(members.map((m) => m.gridId)).size > 1) p.add(members[0]!.r.row, '户编号', `户编号「${key}」的成员不在同一网格（第${where}行）`, `Members of household ${key} are in different grids`);
    for (const m of members) if (!m.r.values.relation) p.add(m.r.row, '与户主关系', '有户编号时必须填写与户主关系', 'A household member needs a relation to the head');
  }

  const dwellingKeys = new Map(people.map((x) => [x, dwellingKeyOf(x)]));
  const created = { persons: people.length, households: groups.size, dwellings: newDwellings.size, tags: people.reduce((n, x) => n + x.tags.length, 0) };
  if (!write || p.list.length > 0) return created;

  // Write: dwellings, persons, households, members, tags — ids reserved first, rows in bulk.
  const newRows = [...newDwellings.entries()];
  const dwellingIds = await nextIds(tx, 'dwellings', newRows.length);
  await insertRows(
    tx,
    'dwellings',
    'id, org_unit_id, building_id, unit, room, address, occupancy',
    newRows.map(([key, d], i) => {
      dIndex.set(key, { id: dwellingIds[i]!, orgUnitId: d.orgUnitId, address: d.address });
      return { id: dwellingIds[i], org_unit_id: d.orgUnitId, building_id: d.buildingId, unit: d.unit, room: d.room, address: d.address, occupancy: 'unknown' };
    }),
  );
  const ids = await nextIds(tx, 'persons', people.length);
  const personIds = new Map(people.map((x, i) => [x, ids[i]!]));
  await insertRows(
    tx,
    'persons',
    'id, org_unit_id, dwelling_id, name, name_initials, name_full, document_type, document_enc, document_hash, document_suffix4, document_suffix6, gender, birth_date, ethnicity, phone_enc, phone_hash, residence_status, education, occupation, nationality, hukou_address, residence_from, residence_until, skills, notes',
    people.map((x) => {
      const v = x.r.values;
      const keys = pinyinKeys(String(v.name));
      const phone = v.phone == null ? null : String(v.phone);
      const dKey = dwellingKeys.get(x);
      return {
        id: personIds.get(x),
        org_unit_id: x.gridId,
        dwelling_id: dKey ? dIndex.get(dKey)!.id : null,
        name: String(v.name),
        name_initials: keys.initials,
        name_full: keys.full,
        document_type: x.doc.type,
        document_enc: crypto.encrypt(x.doc.normalized),
        document_hash: x.doc.hash,
        document_suffix4: crypto.hashSuffix(x.doc.normalized, 4),
        document_suffix6: crypto.hashSuffix(x.doc.normalized, 6),
        gender: x.doc.gender ?? null,
        birth_date: x.doc.birthDate ?? null,
        ethnicity: v.ethnicity ?? null,
        phone_enc: phone ? crypto.encrypt(phone) : null,
        phone_hash: phone ? crypto.hash(phone) : null,
        residence_status: v.residenceStatus ?? 'registered',
        education: v.education ?? null,
        occupation: v.occupation ?? null,
        nationality: v.nationality ?? null,
        hukou_address: v.hukouAddress ?? null,
        residence_from: v.residenceFrom ?? null,
        residence_until: v.residenceUntil ?? null,
        skills: v.skills ?? null,
        notes: v.notes ?? null,
      };
    }),
  );
  const groupList = [...groups.values()];
  const householdIds = await nextIds(tx, 'households', groupList.length);
  await insertRows(
    tx,
    'households',
    'id, org_unit_id, dwelling_id, household_no, head_person_id',
    groupList.map((members, i) => {
      const head = members.find((m) => m.r.values.relation === 'self')!;
      const dKey = dwellingKeys.get(head);
      return { id: householdIds[i], org_unit_id: head.gridId, dwelling_id: dKey ? dIndex.get(dKey)!.id : null, household_no: String(head.r.values.householdKey).slice(0, 32), head_person_id: personIds.get(head) };
    }),
  );
  await insertRows(
    tx,
    'household_members',
    'household_id, person_id, relation',
    groupList.flatMap((group, i) => group.map((m) => ({ household_id: householdIds[i], person_id: personIds.get(m), relation: String(m.r.values.relation) }))),
  );
  await insertRows(
    tx,
    'person_tags',
    'person_id, tag_key, management_level, created_by',
    people.flatMap((x) => x.tags.map((t) => ({ person_id: personIds.get(x), tag_key: t.key, management_level: t.level, created_by: actor.userId || null }))),
  );
  return created;
}

// ---------------------------------------------------------------------------------------------
// Dwellings

async function importDwellings(tx: DbOrTx, actor: Actor, root: { path: string }, rows: Row[], p: Problems, write: boolean) {
  const grids = await resolveGrids(
    tx,
    actor,
    root.path,
    rows.map((r) => String(r.values.grid ?? '')),
  );
  const located = rows.map((r) => ({ r, grid: r.values.grid == null ? null : gridOf(p, grids, r) }));
  const bIndex = await buildingIndex(tx, [...new Set(located.flatMap((x) => (x.grid ? [x.grid.id] : [])))]);
  const buildingIds = new Set<number>();
  const valid: Array<{ r: Row; gridId: number; buildingId: number; key: string }> = [];
  const seen = new Map<string, number>();
  for (const { r, grid } of located) {
    if (!grid || r.values.building == null) continue;
    const b = bIndex.get(`${grid.id}|${r.values.building}`);
    if (typeof b !== 'number') {
      p.add(r.row, '楼栋', b === 'ambiguous' ? `该网格有多个楼栋叫「${r.values.building}」` : `楼栋「${r.values.building}」未在该网格登记`, `Building “${r.values.building}” is not (uniquely) registered in that grid`);
      continue;
    }
    const key = `${b}|${r.values.unit ?? ''}|${r.values.room}`;
    if (seen.has(key)) p.add(r.row, '房号', `与第${seen.get(key)}行是同一套房屋`, `Same dwelling as row ${seen.get(key)}`);
    else seen.set(key, r.row);
    buildingIds.add(b);
    valid.push({ r, gridId: grid.id, buildingId: b, key });
  }
  const existing = await existingDwellings(tx, [...buildingIds]);
  for (const v of valid) if (existing.has(v.key)) p.add(v.r.row, '房号', '该房屋已登记', 'This dwelling is already registered');
  const created = { dwellings: valid.length };
  if (!write || p.list.length > 0) return created;
  const labels = await buildingLabels(tx, [...buildingIds]);
  await insertBatches(valid, (chunk) =>
    insertDwellings(tx, 
      chunk.map(({ r, gridId, buildingId }) => {
        const unit = r.values.unit == null ? null : String(r.values.unit);
        const room = String(r.values.room);
        return {
          orgUnitId: gridId,
          buildingId,
          unit,
          floor: (r.values.floor as number) ?? null,
          room,
          address: dwellingAddress(labels.get(buildingId)!.place, unit, room),
          areaM2: (r.values.areaM2 as number) ?? null,
          use: (r.values.use as string) ?? 'residential',
          occupancy: (r.values.occupancy as string) ?? 'unknown',
          ownerName: (r.values.ownerName as string) ?? null,
          notes: (r.values.notes as string) ?? null,
        };
      }),
    ),
  );
  return created;
}

// ---------------------------------------------------------------------------------------------
// Places and organisations

async function importPlaces(deps: RegisterDeps, tx: DbOrTx, actor: Actor, root: { path: string }, rows: Row[], p: Problems, write: boolean) {
  const grids = await resolveGrids(
    tx,
    actor,
    root.path,
    rows.map((r) => String(r.values.grid ?? '')),
  );
  const valid: Array<{ r: Row; gridId: number }> = [];
  const codes = new Map<string, number>();
  for (const r of rows) {
    const grid = r.values.grid == null ? null : gridOf(p, grids, r);
    const code = r.values.creditCode as string | null;
    if (code) {
      if (codes.has(code)) p.add(r.row, '统一社会信用代码', `与第${codes.get(code)}行重复`, `Same code as row ${codes.get(code)}`);
      else codes.set(code, r.row);
    }
    if (grid) valid.push({ r, gridId: grid.id });
  }
  const codeList = [...codes.keys()];
  for (let i = 0; i < codeList.length; i += BATCH) {
    // Credit codes are public and unique nationwide: a code registered anywhere is a duplicate.
    const taken = await tx
      .select({ code: places.creditCode })
      .from(places)
      .where(and(inArray(places.creditCode, codeList.slice(i, i + BATCH)), eq(places.status, 'active')));
    for (const t of taken) p.add(codes.get(t.code!)!, '统一社会信用代码', '该统一社会信用代码已登记', 'This credit code is already registered');
  }
  const created = { places: valid.length };
  if (!write || p.list.length > 0) return created;
  await insertBatches(valid, (chunk) =>
    insertPlaces(tx, 
      chunk.map(({ r, gridId }) => {
        const v = r.values;
        const phone = v.contactPhone == null ? null : String(v.contactPhone);
        return {
          orgUnitId: gridId,
          kind: String(v.kind),
          name: String(v.name),
          nameInitials: pinyinKeys(String(v.name), 'place').initials,
          address: String(v.address),
          creditCode: (v.creditCode as string) ?? null,
          industry: (v.industry as string) ?? null,
          legalRepresentative: (v.legalRepresentative as string) ?? null,
          contactName: (v.contactName as string) ?? null,
          contactPhoneEnc: phone ? deps.crypto.encrypt(phone) : null,
          contactPhoneHash: phone ? deps.crypto.hash(phone) : null,
          employees: (v.employees as number) ?? null,
          notes: (v.notes as string) ?? null,
        };
      }),
    ),
  );
  return created;
}

// ---------------------------------------------------------------------------------------------
// City components: located to their grid by the point, numbered per county and category

async function importComponents(tx: DbOrTx, actor: Actor, root: { path: string }, rows: Row[], p: Problems, write: boolean) {
  const valid: Array<{ r: Row; grid: { id: number; path: string }; code: string | null }> = [];
  const typedCodes = new Map<string, number>();
  for (const r of rows) {
    const category = r.values.categoryCode == null ? null : String(r.values.categoryCode);
    if (category && !componentCategory(category)) p.add(r.row, '部件类别代码', `「${category}」不是 GB/T 47678.5 管理部件小类代码`, `${category} is not a component category of GB/T 47678.5`);
    const code = r.values.code == null ? null : String(r.values.code);
    if (code && category) {
      const problem = componentCodeProblem(code, category);
      if (problem) p.add(r.row, '部件标识码', problem === 'FORMAT' ? '部件标识码应为17位数字（县级区划码6位＋类别5位＋顺序号6位）' : `第7至11位应为部件类别代码 ${category}`, 'Invalid component code');
      else if (typedCodes.has(code)) p.add(r.row, '部件标识码', `与第${typedCodes.get(code)}行重复`, `Same code as row ${typedCodes.get(code)}`);
      else typedCodes.set(code, r.row);
    }
    if (typeof r.values.lng !== 'number' || typeof r.values.lat !== 'number') continue;
    const hit = await locator.locate(tx, r.values.lng, r.values.lat);
    if (!hit || !pathInScope(actor, hit.path) || !isWithin(hit.path, root.path)) {
      p.add(r.row, '经度', '该位置不在您所选范围的任何网格内', 'The point lies in no grid of the chosen area');
      continue;
    }
    if (category && componentCategory(category)) valid.push({ r, grid: hit, code });
  }
  const codes = [...typedCodes.keys()];
  for (let i = 0; i < codes.length; i += BATCH) {
    const taken = await tx.select({ code: components.code }).from(components).where(inArray(components.code, codes.slice(i, i + BATCH)));
    for (const t of taken) p.add(typedCodes.get(t.code)!, '部件标识码', `部件标识码 ${t.code} 已被使用`, `Component code ${t.code} is already in use`);
  }
  const created = { components: valid.length };
  if (!write || p.list.length > 0) return created;
  // Numbers continue from the last one of each county and category, in the sheet's order.
  const last = new Map<string, string | null>();
  const counties = new Map<string, string>();
  const values = [];
  for (const { r, grid, code } of valid) {
    const category = String(r.values.categoryCode);
    let finalCode = code;
    if (!finalCode) {
      if (!counties.has(grid.path)) counties.set(grid.path, countyOf(await deepestDivisionCode(tx, grid.path.split('.').map(Number))));
      const prefix = componentCodePrefix(counties.get(grid.path)!, category);
      if (!last.has(prefix)) last.set(prefix, await lastComponentCode(tx, prefix));
      finalCode = nextComponentCode(counties.get(grid.path)!, category, last.get(prefix)!);
      if (!finalCode) throw badRequest('COMPONENT_CODES_EXHAUSTED', { zh: '该类部件的顺序号已用完', en: 'No component numbers are left for this category' });
      last.set(prefix, finalCode);
    }
    const v = r.values;
    values.push({
      orgUnitId: grid.id, categoryCode: category, code: finalCode, name: (v.name as string) ?? null, lng: v.lng as number, lat: v.lat as number,
      address: (v.address as string) ?? null, condition: (v.condition as string) ?? 'intact', ownerDepartment: (v.ownerDepartment as string) ?? null,
      maintainer: (v.maintainer as string) ?? null, notes: (v.notes as string) ?? null,
    });
  }
  await insertBatches(values, (chunk) => insertComponents(tx, chunk));
  return created;
}

// ---------------------------------------------------------------------------------------------

export const IMPORTABLE: readonly LedgerEntity[] = ['persons', 'dwellings', 'places', 'components'];

export async function importLedger(deps: RegisterDeps, actor: Actor, entity: LedgerEntity, opts: { rootId: number; dryRun: boolean; data: Uint8Array }): Promise<ImportReport> {
  requirePermission(actor, 'register.write');
  if (!IMPORTABLE.includes(entity)) throw badRequest('NOT_IMPORTABLE', { zh: '该台账暂不支持导入', en: 'This ledger cannot be imported yet' });
  const spec = LEDGERS[entity];
  const sheet = readSheet(opts.data);
  if (sheet.rows.length - 1 > MAX_IMPORT_ROWS) {
    throw new AppError(413, 'TOO_LARGE', { zh: `一次最多导入 ${MAX_IMPORT_ROWS} 行`, en: `At most ${MAX_IMPORT_ROWS} rows per import` });
  }
  const today = todayIn(deps.timeZone);
  const read = readLedger(spec, sheet.rows, today, sheet.rowNumbers);
  const p = new Problems();
  p.list.push(...read.problems);
  const report = (created: Record<string, number>): ImportReport => ({
    entity,
    dryRun: opts.dryRun,
    rows: read.rows.length,
    problems: p.list.sort((a, b) => a.row - b.row).map((x) => ({ ...x, message: `第${x.row}行${x.column ? `「${x.column}」` : ''}：${x.zh}` })),
    created,
  });

  // One transaction for checking and writing: what was checked is what is written.
  const outcome = await deps.db
    .transaction(async (tx) => {
      const root = (await requireNode(tx, actor, opts.rootId)).node;
      const write = !opts.dryRun;
      const created =
        entity === 'persons'
          ? await importPersons(deps, tx, actor, root, read.rows, p, write)
          : entity === 'dwellings'
            ? await importDwellings(tx, actor, root, read.rows, p, write)
            : entity === 'places'
              ? await importPlaces(deps, tx, actor, root, read.rows, p, write)
              : await importComponents(tx, actor, root, read.rows, p, write);
      if (!write) return report(created);
      if (p.list.length > 0) throw new RejectedImport(report(created));
      await recordAudit(tx, actor, { action: `register.import_${entity}`, entityType: 'ledger', entityId: root.id, scopePath: root.path, after: { rows: read.rows.length, created } });
      return report(created);
    })
    .catch((e) => {
      if (e instanceof RejectedImport) return e.report;
      throw e;
    });
  if (!opts.dryRun && outcome.problems.length > 0) {
    throw new AppError(
      400,
      'IMPORT_REJECTED',
      { zh: `发现 ${outcome.problems.length} 处问题，未导入任何数据`, en: `${outcome.problems.length} problems found; nothing was imported` },
      { problems: outcome.problems.slice(0, 1000), rows: outcome.rows },
    );
  }
  return outcome;
}

class RejectedImport extends Error {
  constructor(readonly report: ImportReport) {
    super('import rejected');
  }
}

