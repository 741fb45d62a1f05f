// Templates and exports of the ledgers as .xlsx. An export is the filtered list the user sees, in
// the template's columns (so a corrected sheet can go back in); ID and phone numbers are masked
// unless the caller may reveal them, asked to, and the export is audited as a reveal.
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { DOCUMENT_TYPES } from '../../../../core/src/register/documents.js';
import { DWELLING_OCCUPANCIES, DWELLING_USES, LEDGERS, type LedgerEntity, type LedgerSpec } from '../../../../core/src/register/ledger.js';
import { maskIdNumber, maskPhone } from '../../../../core/src/register/masking.js';
import { EDUCATION_LEVELS } from '../../../../core/src/register/person-fields.js';
import { PLACE_KINDS } from '../../../../core/src/register/place-kinds.js';
import { RELATIONS } from '../../../../core/src/register/relations.js';
import { COMPONENT_CONDITIONS } from '../../../../core/src/register/component-conditions.js';
import { RESIDENCE_STATUSES } from '../../../../core/src/register/tags.js';
import { writeXlsx, type XlsxCellValue } from '../../../../core/src/xlsx/index.js';
import { requirePermission, type Actor } from '../../actor.js';
import { inScope, under } from '../../scope/index.js';
import { buildings } from '../geo/index.js';
import { components, places } from '../places/index.js';
import { dwellings, householdMembers, households } from '../housing/index.js';
import { orgUnits, requireNode } from '../territory/index.js';
import { recordAudit } from '../audit/index.js';
import { personMatchFor, visibleTagsOf, type RegisterDeps } from '../register/index.js';
import { badRequest } from '../../errors.js';
import { listPersons } from '../register/index.js';
import { todayIn } from '../../../../core/src/register/id-card.js';

export const MAX_EXPORT_ROWS = 200_000;
const PAGE = 2000;

const label = (list: ReadonlyArray<{ key: string; zh: string }>, key: string | null | undefined) => (key ? (list.find((x) => x.key === key)?.zh ?? key) : null);

const EXAMPLES: Record<LedgerEntity, Record<string, string>> = {
  persons: {
    grid: '通信花园社区第一网格', name: '张美荣', documentType: '居民身份证', documentNumber: '410105195503120026', phone: '13838206721', ethnicity: '汉族',
    residenceStatus: '户籍人口', education: '高中/中专', occupation: '退休', building: '1号楼', unit: '2', room: '501', householdKey: 'H001', relation: '户主', tags: '慢性病患者',
  },
  dwellings: { grid: '通信花园社区第一网格', building: '1号楼', unit: '2', floor: '5', room: '501', areaM2: '89.5', use: '住宅', occupancy: '自住', ownerName: '张美荣' },
  places: { grid: '通信花园社区第一网格', kind: '沿街商户', name: '王记烩面馆', address: '花园路38号', industry: '餐饮', contactName: '王建国', contactPhone: '13607669821', employees: '6' },
  components: { categoryCode: '01101', name: '上水井盖', lng: '113.6712', lat: '34.7786', address: '纬五路与花园路交叉口东北角', condition: '完好', ownerDepartment: '郑州市自来水公司' },
};

export function sheetFor(spec: LedgerSpec, rows: XlsxCellValue[][]) {
  return { name: spec.title, columns: spec.columns.map((c) => ({ header: c.required ? `${c.header}*` : c.header, width: c.width, text: c.text, note: c.note })), rows };
}

/** The template: the header row (required columns marked *) with notes, and a sheet of instructions and an example. */
export function template(entity: LedgerEntity): Uint8Array {
  return templateOf(LEDGERS[entity], EXAMPLES[entity]);
}

/** The template of any sheet read like a ledger (the register's, the proxy-service catalogue). */
export function templateOf(spec: LedgerSpec, example: Record<string, string>): Uint8Array {
  const help = [
    ['列名', '是否必填', '填写说明', '示例'],
    ...spec.columns.map((c) => [c.header, c.required ? '必填' : '选填', c.note ?? '', example[c.key] ?? '']),
    [],
    ['说明', '', '第一行为表头，请勿修改；从第二行起每行一条记录。导入时先“检查”（不写入），全部无误后再正式导入；有任何错误则整表不导入。', ''],
  ];
  return writeXlsx([
    sheetFor(spec, []),
    { name: '填写说明', columns: [{ header: '列名', width: 16 }, { header: '是否必填', width: 10 }, { header: '填写说明', width: 60 }, { header: '示例', width: 24 }], rows: help.slice(1) },
  ]);
}

export interface ExportFilter {
  orgUnitId: number;
  q?: string;
  tag?: string;
  residenceStatus?: string;
  occupancy?: string;
  kind?: string;
  plain?: boolean;
}

/** Rows of a ledger for a filter, in the template's column order. */
async function personRows(deps: RegisterDeps, actor: Actor, rootPath: string, f: ExportFilter) {
  const out: XlsxCellValue[][] = [];
  const today = todayIn(deps.timeZone);
  for (let page = 1; ; page++) {
    const { items } = await listPersons(deps.db, actor, { match: f.q ? personMatchFor(deps.crypto, f.q) : undefined, orgUnitPath: rootPath, tagKey: f.tag, residenceStatus: f.residenceStatus, page, pageSize: PAGE });
    if (items.length === 0) break;
    const ids = items.map((r) => r.person.id);
    const tags = await visibleTagsOf(
      deps.db,
      actor,
      items.map((r) => r.person),
      today,
    );
    const membership = await deps.db
      .select({ personId: householdMembers.personId, householdId: householdMembers.householdId, householdNo: households.householdNo, relation: householdMembers.relation })
      .from(householdMembers)
      .innerJoin(households, eq(households.id, householdMembers.householdId))
      .where(and(inArray(householdMembers.personId, ids), eq(households.status, 'active')));
    const homes = await deps.db
      .select({ id: dwellings.id, unit: dwellings.unit, room: dwellings.room, building: buildings.name })
      .from(dwellings)
      .innerJoin(buildings, eq(buildings.id, dwellings.buildingId))
      .where(inArray(dwellings.id, [0, ...items.map((r) => r.person.dwellingId ?? 0)]));
    const homeById = new Map(homes.map((h) => [h.id, h]));
    for (const { person: p, orgUnitName } of items) {
      const doc = deps.crypto.decrypt(p.documentEnc);
      const phone = p.phoneEnc ? deps.crypto.decrypt(p.phoneEnc) : null;
      const home = p.dwellingId ? homeById.get(p.dwellingId) : undefined;
      const member = membership.find((m) => m.personId === p.id);
      const row: Record<string, XlsxCellValue> = {
        grid: orgUnitName,
        name: p.name,
        documentType: label(DOCUMENT_TYPES, p.documentType),
        documentNumber: f.plain ? doc : maskIdNumber(doc),
        phone: phone ? (f.plain ? phone : maskPhone(phone)) : null,
        ethnicity: p.ethnicity,
        residenceStatus: label(RESIDENCE_STATUSES, p.residenceStatus),
        education: label(EDUCATION_LEVELS, p.education),
        occupation: p.occupation,
        nationality: p.nationality,
        hukouAddress: p.hukouAddress,
        residenceFrom: p.residenceFrom,
        residenceUntil: p.residenceUntil,
        skills: p.skills,
        building: home?.building,
        unit: home?.unit,
        room: home?.room,
        householdKey: member ? (member.householdNo ?? `H${member.householdId}`) : null,
        relation: member ? label(RELATIONS, member.relation)?.split('/')[0] : null,
        tags: (tags.get(p.id) ?? [])
          .filter((t) => !t.derived)
          .map((t) => (t.managementLevel ? `${t.zh}(${t.managementLevel === 'key' ? '重点' : t.managementLevel === 'temporary' ? '临时' : '正常'})` : t.zh))
          .join('、'),
        notes: p.notes,
      };
      out.push(LEDGERS.persons.columns.map((c) => row[c.key]));
    }
    if (out.length > MAX_EXPORT_ROWS) throw badRequest('EXPORT_TOO_LARGE', { zh: `导出超过 ${MAX_EXPORT_ROWS} 行，请缩小范围`, en: `More than ${MAX_EXPORT_ROWS} rows; narrow the filter` });
    if (items.length < PAGE) break;
  }
  return out;
}

/** Keyset-paged rows of one table under a root, in scope. */
async function pagedRows<T extends { id: number }>(fetch: (afterId: number) => Promise<T[]>, toRow: (r: T) => XlsxCellValue[]) {
  const out: XlsxCellValue[][] = [];
  for (let after = 0; ; ) {
    const rows = await fetch(after);
    out.push(...rows.map(toRow));
    if (out.length > MAX_EXPORT_ROWS) throw badRequest('EXPORT_TOO_LARGE', { zh: `导出超过 ${MAX_EXPORT_ROWS} 行，请缩小范围`, en: `More than ${MAX_EXPORT_ROWS} rows; narrow the filter` });
    if (rows.length < PAGE) return out;
    after = rows[rows.length - 1]!.id;
  }
}

export async function exportLedger(deps: RegisterDeps, actor: Actor, entity: LedgerEntity, f: ExportFilter): Promise<{ file: Uint8Array; filename: string; rows: number }> {
  if (f.plain) requirePermission(actor, 'register.reveal');
  const root = (await requireNode(deps.db, actor, f.orgUnitId)).node;
  const inRoot = under(orgUnits.path, root.path);
  const spec = LEDGERS[entity];
  const order = (row: Record<string, XlsxCellValue>) => spec.columns.map((c) => row[c.key]);
  let rows: XlsxCellValue[][];
  switch (entity) {
    case 'persons':
      rows = await personRows(deps, actor, root.path, f);
      break;
    case 'dwellings':
      rows = await pagedRows(
        (after) =>
          deps.db
            .select({ d: dwellings, grid: orgUnits.name, building: buildings.name, id: dwellings.id })
            .from(dwellings)
            .innerJoin(orgUnits, eq(orgUnits.id, dwellings.orgUnitId))
            .innerJoin(buildings, eq(buildings.id, dwellings.buildingId))
            .where(and(inScope(actor, orgUnits.path), inRoot, eq(dwellings.status, 'active'), gt(dwellings.id, after), f.occupancy ? eq(dwellings.occupancy, f.occupancy) : undefined))
            .orderBy(asc(dwellings.id))
            .limit(PAGE),
        ({ d, grid, building }) =>
          order({ grid, building, unit: d.unit, floor: d.floor, room: d.room, areaM2: d.areaM2, use: label(DWELLING_USES, d.use), occupancy: label(DWELLING_OCCUPANCIES, d.occupancy), ownerName: d.ownerName, notes: d.notes }),
      );
      break;
    case 'places':
      rows = await pagedRows(
        (after) =>
          deps.db
            .select({ p: places, grid: orgUnits.name, id: places.id })
            .from(places)
            .innerJoin(orgUnits, eq(orgUnits.id, places.orgUnitId))
            .where(and(inScope(actor, orgUnits.path), inRoot, eq(places.status, 'active'), gt(places.id, after), f.kind ? eq(places.kind, f.kind) : undefined))
            .orderBy(asc(places.id))
            .limit(PAGE),
        ({ p, grid }) => {
          const phone = p.contactPhoneEnc ? deps.crypto.decrypt(p.contactPhoneEnc) : null;
          return order({
            grid, kind: label(PLACE_KINDS, p.kind), name: p.name, address: p.address, creditCode: p.creditCode, industry: p.industry, legalRepresentative: p.legalRepresentative,
            contactName: p.contactName, contactPhone: phone ? (f.plain ? phone : maskPhone(phone)) : null, employees: p.employees, notes: p.notes,
          });
        },
      );
      break;
    case 'components':
      rows = await pagedRows(
        (after) =>
          deps.db
            .select({ c: components, id: components.id })
            .from(components)
            .innerJoin(orgUnits, eq(orgUnits.id, components.orgUnitId))
            .where(and(inScope(actor, orgUnits.path), inRoot, eq(components.status, 'active'), gt(components.id, after)))
            .orderBy(asc(components.id))
            .limit(PAGE),
        ({ c }) =>
          order({ categoryCode: c.categoryCode, code: c.code, name: c.name, lng: c.lng, lat: c.lat, address: c.address, condition: label(COMPONENT_CONDITIONS, c.condition), ownerDepartment: c.ownerDepartment, maintainer: c.maintainer, notes: c.notes }),
      );
      break;
  }
  // Every export is audited: who took which rows out; one with plain ID and phone numbers is a
  // reveal of every row in it and has an action of its own.
  await recordAudit(deps.db, actor, {
    action: f.plain ? 'register.export_plain' : 'register.export',
    entityType: 'ledger',
    entityId: root.id,
    scopePath: root.path,
    after: { entity, rows: rows.length, filter: { ...f, plain: f.plain === true } },
  });
  const stamp = todayIn(deps.timeZone).replace(/-/g, '');
  return { file: writeXlsx([sheetFor(spec, rows)]), filename: `${root.name}-${spec.title}-${stamp}.xlsx`, rows: rows.length };
}
