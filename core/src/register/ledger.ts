// Ledgers (台账) in spreadsheets: the columns of each register sheet, with Chinese headers, and the
// row-by-row reading of a filled sheet into typed records or problems ("第7行「证件号码」…").
// Pure: the server adds what needs the database (grids, buildings, duplicates) and writes.
import { DOCUMENT_TYPES, findDocumentType, validateDocument } from './documents.js';
import { dateRangeProblem, EDUCATION_LEVELS, isIsoDate } from './person-fields.js';
import { RELATIONS } from './relations.js';
import { RESIDENCE_STATUSES } from './tags.js';
import { PLACE_KINDS } from './place-kinds.js';
import { COMPONENT_CONDITIONS } from './component-conditions.js';
import { parseCreditCode } from './credit-code.js';
import { NAME_PATTERN } from '../text-rules.js';

export interface Problem {
  zh: string;
  en: string;
}
type Parsed = { ok: true; value: string | number | null } | ({ ok: false } & Problem);

export interface LedgerColumn {
  key: string;
  header: string; // Chinese header as printed in the template
  headerEn: string;
  required?: boolean;
  /** Keep as text in Excel (ID numbers, phones, codes): never a number. */
  text?: boolean;
  width?: number;
  /** A hint printed in the template's notes sheet (allowed values, format). */
  note?: string;
  /** Reads a non-empty cell; absent = the trimmed text as it is. */
  parse?: (value: string, today: string) => Parsed;
  maxLength?: number;
}

export type LedgerEntity = 'persons' | 'dwellings' | 'places' | 'components';

export interface LedgerSpec {
  /** The register's ledgers, or another sheet read the same way (the proxy-service catalogue). */
  entity: LedgerEntity | 'proxyItems';
  title: string; // sheet and file name
  titleEn: string;
  columns: readonly LedgerColumn[];
}

const ok = (value: string | number | null): Parsed => ({ ok: true, value });
const bad = (zh: string, en: string): Parsed => ({ ok: false, zh, en });

/** A closed list read from its Chinese label, one of its aliases, or its key. */
function choice(list: ReadonlyArray<{ key: string; zh: string; en: string }>, aliases: Record<string, string> = {}) {
  return (value: string): Parsed => {
    const v = value.trim();
    const hit = list.find((x) => x.zh === v || x.key === v || x.en.toLowerCase() === v.toLowerCase() || x.zh.split('/').includes(v));
    if (hit) return ok(hit.key);
    if (aliases[v]) return ok(aliases[v]!);
    return bad(`「${v}」不是可选值（可填：${list.map((x) => x.zh).join('、')}）`, `“${v}” is not one of: ${list.map((x) => x.en).join(', ')}`);
  };
}

const date = (value: string): Parsed => {
  const v = value.trim().replace(/[./年月]/g, '-').replace(/日$/, '');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  const iso = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : v;
  return isIsoDate(iso) ? ok(iso) : bad(`「${value}」不是有效日期（格式如 2026-03-01）`, `“${value}” is not a valid date (e.g. 2026-03-01)`);
};

const phone = (value: string): Parsed => {
  const v = value.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (/^1[3-9]\d{9}$/.test(v) || /^0\d{9,11}$/.test(v)) return ok(v);
  return bad(`「${value}」不是有效的手机或固定电话号码`, `“${value}” is not a valid mobile or landline number`);
};

const NAME_RE = new RegExp(NAME_PATTERN, 'u');
const name = (max: number) => (value: string): Parsed => {
  const v = value.trim();
  if (v.length > max) return bad(`超过${max}个字`, `longer than ${max} characters`);
  return NAME_RE.test(v) ? ok(v) : bad(`「${v}」含有不允许的字符`, `“${v}” contains characters a name may not have`);
};

const text = (max: number) => (value: string): Parsed => {
  const v = value.trim();
  if (v.length > max) return bad(`超过${max}个字`, `longer than ${max} characters`);
  return /[<>]/.test(v) ? bad('不能含有 < 或 >', 'may not contain < or >') : ok(v);
};

const number = (min: number, max: number, integer = false) => (value: string): Parsed => {
  const n = Number(value.trim());
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    return bad(`「${value}」应为${min}到${max}之间的${integer ? '整数' : '数字'}`, `“${value}” should be a ${integer ? 'whole ' : ''}number from ${min} to ${max}`);
  }
  return ok(n);
};

const documentType = (value: string): Parsed => {
  const type = findDocumentType(value.trim());
  return type ? ok(type) : bad(`「${value}」不是可选证件类型（可填：${DOCUMENT_TYPES.map((d) => d.zh).join('、')}）`, `“${value}” is not a document type`);
};

const creditCode = (value: string): Parsed => {
  const r = parseCreditCode(value);
  return r.ok ? ok(r.normalized) : bad(r.zh, r.en);
};

const OCCUPANCIES = [
  { key: 'owner', zh: '自住', en: 'Owner-occupied' },
  { key: 'rented', zh: '出租', en: 'Rented' },
  { key: 'vacant', zh: '空置', en: 'Vacant' },
  { key: 'lent', zh: '借住', en: 'Lent' },
  { key: 'unknown', zh: '未知', en: 'Unknown' },
];
const USES = [
  { key: 'residential', zh: '住宅', en: 'Residential' },
  { key: 'commercial', zh: '商业', en: 'Commercial' },
  { key: 'mixed', zh: '商住两用', en: 'Mixed' },
  { key: 'office', zh: '办公', en: 'Office' },
  { key: 'other', zh: '其他', en: 'Other' },
];
export { OCCUPANCIES as DWELLING_OCCUPANCIES, USES as DWELLING_USES };

/** The cell readers, for sheets outside the register read the same way. */
export const cellReaders = { choice, text, number };

const GRID: LedgerColumn = {
  key: 'grid',
  header: '所属网格',
  headerEn: 'Grid',
  required: true,
  text: true,
  width: 24,
  note: '网格名称或网格编码，须在您的辖区内',
};

export const PERSON_LEDGER: LedgerSpec = {
  entity: 'persons',
  title: '实有人口登记表',
  titleEn: 'Persons',
  columns: [
    GRID,
    { key: 'name', header: '姓名', headerEn: 'Name', required: true, width: 10, parse: name(50) },
    { key: 'documentType', header: '证件类型', headerEn: 'Document type', width: 14, parse: documentType, note: `默认居民身份证；可填：${DOCUMENT_TYPES.map((d) => d.zh).join('、')}` },
    { key: 'documentNumber', header: '证件号码', headerEn: 'Document number', required: true, text: true, width: 22, note: '18位身份证号请设为文本格式，避免变成科学计数法' },
    { key: 'phone', header: '联系电话', headerEn: 'Phone', text: true, width: 14, parse: phone },
    { key: 'ethnicity', header: '民族', headerEn: 'Ethnicity', width: 8, parse: name(20) },
    { key: 'residenceStatus', header: '人员类别', headerEn: 'Residence status', width: 10, parse: choice(RESIDENCE_STATUSES, { 户籍: 'registered', 流动: 'migrant', 境外: 'overseas' }), note: '户籍人口、流动人口、境外人员（默认户籍人口）' },
    { key: 'education', header: '文化程度', headerEn: 'Education', width: 10, parse: choice(EDUCATION_LEVELS, { 高中: 'senior', 中专: 'senior', 大学: 'bachelor', 硕士: 'postgraduate', 博士: 'postgraduate', 文盲: 'none' }) },
    { key: 'occupation', header: '职业', headerEn: 'Occupation', width: 12, parse: text(50) },
    { key: 'nationality', header: '国籍', headerEn: 'Nationality', width: 8, parse: name(40) },
    { key: 'hukouAddress', header: '户籍地址', headerEn: 'Household registration address', width: 28, parse: text(200) },
    { key: 'residenceFrom', header: '居住登记日期', headerEn: 'Residence from', width: 12, parse: date },
    { key: 'residenceUntil', header: '居住证有效期至', headerEn: 'Residence until', width: 14, parse: date },
    { key: 'skills', header: '技能特长', headerEn: 'Skills', width: 14, parse: text(200) },
    { key: 'building', header: '楼栋', headerEn: 'Building', width: 16, note: '楼栋名称或楼号，须已在该网格登记；与单元、房号一起确定房屋（房屋不存在时自动建立）' },
    { key: 'unit', header: '单元', headerEn: 'Unit', text: true, width: 6, parse: text(16) },
    { key: 'room', header: '房号', headerEn: 'Room', text: true, width: 8, parse: text(16) },
    { key: 'householdKey', header: '户编号', headerEn: 'Household key', text: true, width: 10, note: '同一户的成员填相同的户编号（可用户口簿户号）' },
    { key: 'relation', header: '与户主关系', headerEn: 'Relation to head', width: 12, parse: choice(RELATIONS, { 户主: 'self', 本人: 'self', 妻: 'spouse', 夫: 'spouse', 妻子: 'spouse', 丈夫: 'spouse', 子: 'child', 女: 'child', 儿子: 'child', 女儿: 'child', 父亲: 'parent', 母亲: 'parent', 孙子: 'grandchild', 孙女: 'grandchild', 儿媳: 'child_in_law', 女婿: 'child_in_law' }), note: '户主、配偶、子女、父母……；每户须有且只有一名户主' },
    { key: 'tags', header: '人员标签', headerEn: 'Tags', width: 16, note: '多个标签用顿号或逗号分隔，如：独居老人、残疾人；敏感标签须写管理级别，如：刑满释放人员(重点)' },
    { key: 'notes', header: '备注', headerEn: 'Notes', width: 20, parse: text(500) },
  ],
};

export const DWELLING_LEDGER: LedgerSpec = {
  entity: 'dwellings',
  title: '房屋登记表',
  titleEn: 'Dwellings',
  columns: [
    GRID,
    { key: 'building', header: '楼栋', headerEn: 'Building', required: true, width: 16, note: '楼栋名称或楼号，须已在该网格登记' },
    { key: 'unit', header: '单元', headerEn: 'Unit', text: true, width: 6, parse: text(16) },
    { key: 'floor', header: '楼层', headerEn: 'Floor', width: 6, parse: number(-5, 200, true) },
    { key: 'room', header: '房号', headerEn: 'Room', required: true, text: true, width: 8, parse: text(16) },
    { key: 'areaM2', header: '建筑面积(㎡)', headerEn: 'Area (m²)', width: 12, parse: number(1, 100000) },
    { key: 'use', header: '房屋用途', headerEn: 'Use', width: 10, parse: choice(USES), note: USES.map((u) => u.zh).join('、') },
    { key: 'occupancy', header: '居住状态', headerEn: 'Occupancy', width: 10, parse: choice(OCCUPANCIES), note: OCCUPANCIES.map((u) => u.zh).join('、') },
    { key: 'ownerName', header: '产权人', headerEn: 'Owner', width: 10, parse: name(50) },
    { key: 'notes', header: '备注', headerEn: 'Notes', width: 20, parse: text(500) },
  ],
};

export const PLACE_LEDGER: LedgerSpec = {
  entity: 'places',
  title: '场所与组织登记表',
  titleEn: 'Places and organisations',
  columns: [
    GRID,
    { key: 'kind', header: '类别', headerEn: 'Kind', required: true, width: 12, parse: choice(PLACE_KINDS, { 商户: 'shop', 门店: 'shop', 企业: 'private_enterprise', 物业: 'property_company' }), note: PLACE_KINDS.map((k) => k.zh).join('、') },
    { key: 'name', header: '名称', headerEn: 'Name', required: true, width: 24, parse: text(100) },
    { key: 'address', header: '地址', headerEn: 'Address', required: true, width: 28, parse: text(200) },
    { key: 'creditCode', header: '统一社会信用代码', headerEn: 'Unified social credit code', text: true, width: 22, parse: creditCode },
    { key: 'industry', header: '行业', headerEn: 'Industry', width: 12, parse: text(50) },
    { key: 'legalRepresentative', header: '法定代表人', headerEn: 'Legal representative', width: 10, parse: name(50) },
    { key: 'contactName', header: '联系人', headerEn: 'Contact', width: 10, parse: name(50) },
    { key: 'contactPhone', header: '联系电话', headerEn: 'Contact phone', text: true, width: 14, parse: phone },
    { key: 'employees', header: '从业人数', headerEn: 'Employees', width: 8, parse: number(0, 1_000_000, true) },
    { key: 'notes', header: '备注', headerEn: 'Notes', width: 20, parse: text(500) },
  ],
};

export const COMPONENT_LEDGER: LedgerSpec = {
  entity: 'components',
  title: '城市部件登记表',
  titleEn: 'City components',
  columns: [
    { key: 'categoryCode', header: '部件类别代码', headerEn: 'Category code', required: true, text: true, width: 12, note: 'GB/T 47678.5-2026 部件小类代码（5位，如 01101）' },
    { key: 'code', header: '部件标识码', headerEn: 'Component code', text: true, width: 20, note: '可不填，导入时自动编号' },
    { key: 'name', header: '名称', headerEn: 'Name', width: 16, parse: text(100) },
    { key: 'lng', header: '经度', headerEn: 'Longitude', required: true, width: 12, parse: number(73, 136) },
    { key: 'lat', header: '纬度', headerEn: 'Latitude', required: true, width: 12, parse: number(3, 54) },
    { key: 'address', header: '地址', headerEn: 'Address', width: 24, parse: text(200) },
    { key: 'condition', header: '状态', headerEn: 'Condition', width: 8, parse: choice(COMPONENT_CONDITIONS), note: COMPONENT_CONDITIONS.map((c) => c.zh).join('、') },
    { key: 'ownerDepartment', header: '主管部门', headerEn: 'Owner department', width: 16, parse: text(100) },
    { key: 'maintainer', header: '养护单位', headerEn: 'Maintainer', width: 16, parse: text(100) },
    { key: 'notes', header: '备注', headerEn: 'Notes', width: 20, parse: text(500) },
  ],
};

export const LEDGERS: Record<LedgerEntity, LedgerSpec> = { persons: PERSON_LEDGER, dwellings: DWELLING_LEDGER, places: PLACE_LEDGER, components: COMPONENT_LEDGER };

/** One problem of a sheet: the spreadsheet row (1 = header row), the column header, what is wrong. */
export interface RowProblem {
  row: number;
  column: string | null;
  zh: string;
  en: string;
}

export interface ReadRow {
  row: number; // spreadsheet row number
  values: Record<string, string | number | null>;
}

const normalizeHeader = (h: string) => h.replace(/[\s*＊:：]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();

/**
 * Reads a sheet (rows of cell texts, the first the header row) against a ledger: maps headers to
 * columns (Chinese or English, in any order), parses every cell, and lists every problem found.
 * Empty rows are skipped. `rowNumbers` gives the spreadsheet row of each entry when rows were skipped.
 */
export function readLedger(spec: LedgerSpec, rows: ReadonlyArray<ReadonlyArray<string>>, today: string, rowNumbers?: readonly number[]): { rows: ReadRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const header = rows[0] ?? [];
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const n = normalizeHeader(String(h ?? ''));
    const col = spec.columns.find((c) => normalizeHeader(c.header) === n || normalizeHeader(c.headerEn) === n || c.key.toLowerCase() === n);
    if (col && !index.has(col.key)) index.set(col.key, i);
  });
  const missing = spec.columns.filter((c) => c.required && !index.has(c.key));
  if (missing.length > 0) {
    problems.push({
      row: 1,
      column: null,
      zh: `表头缺少必填列：${missing.map((c) => c.header).join('、')}（请使用下载的模板）`,
      en: `The header row lacks required columns: ${missing.map((c) => c.headerEn).join(', ')} (use the downloaded template)`,
    });
    return { rows: [], problems };
  }
  const out: ReadRow[] = [];
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r]!;
    if (cells.every((c) => c == null || String(c).trim() === '')) continue;
    const rowNo = rowNumbers?.[r] ?? r + 1;
    const values: Record<string, string | number | null> = {};
    for (const col of spec.columns) {
      const i = index.get(col.key);
      const raw = i === undefined ? '' : String(cells[i] ?? '').trim();
      if (raw === '') {
        if (col.required) problems.push({ row: rowNo, column: col.header, zh: '必填，不能为空', en: 'required' });
        values[col.key] = null;
        continue;
      }
      if (col.maxLength && raw.length > col.maxLength) {
        problems.push({ row: rowNo, column: col.header, zh: `超过${col.maxLength}个字`, en: `longer than ${col.maxLength} characters` });
        continue;
      }
      const parsed = col.parse ? col.parse(raw, today) : ok(raw.slice(0, 200));
      if (parsed.ok) values[col.key] = parsed.value;
      else problems.push({ row: rowNo, column: col.header, zh: parsed.zh, en: parsed.en });
    }
    out.push({ row: rowNo, values });
  }
  return { rows: out, problems };
}

/** Person rows: the document checked against its type, residence dates in order. */
export function personRowProblems(values: Record<string, string | number | null>, today: string): Array<{ column: string; zh: string; en: string }> {
  const out: Array<{ column: string; zh: string; en: string }> = [];
  const number = values.documentNumber;
  if (typeof number === 'string') {
    if (/^\d(\.\d+)?E\+\d+$/i.test(number)) {
      out.push({ column: '证件号码', zh: '证件号码被Excel变成了科学计数法，请把该列设为文本后重新填写', en: 'Excel turned the document number into scientific notation; format the column as text and retype it' });
    } else {
      const doc = validateDocument(String(values.documentType ?? 'id_card'), number, today);
      if (!doc.ok) out.push({ column: '证件号码', zh: doc.zh, en: doc.en });
    }
  }
  const range = dateRangeProblem(values.residenceFrom as string | null, values.residenceUntil as string | null);
  if (range) out.push({ column: range.field === 'from' ? '居住登记日期' : '居住证有效期至', zh: range.zh, en: range.en });
  return out;
}

/** "独居老人、刑满释放人员(重点)" → [{ label: '独居老人' }, { label: '刑满释放人员', level: '重点' }]. */
export function splitTags(text: string): Array<{ label: string; level: string | null }> {
  return text
    .split(/[、,，;；\s]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => {
      const m = /^(.+?)[(（](.+?)[)）]$/.exec(t);
      return m ? { label: m[1]!.trim(), level: m[2]!.trim() } : { label: t, level: null };
    });
}

