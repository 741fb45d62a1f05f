// The proxy-service catalogue (代办事项目录) of "网格联系、代办服务": what a grid's 代办员 takes to the
// offices for a resident, how much help each item gets, what the resident hands over and how long
// the office takes. Pure: the server stores and scopes it, the console edits it.
//
// Item codes follow the structure of the national list of government-service items
// (GB/T 39554.1-2020, 政务服务事项基本目录及实施清单 编码要求): the kind of item, the main item (主项),
// the sub-item (子项, 000 when the main item has none) and the handling item (办理项, 00 when the
// sub-item is handled one way only), written here as 12 digits: TT MMMMM SSS HH.
import { cellReaders, type LedgerSpec } from '../register/ledger.js';

/** How far the 代办员 goes (the three levels of the seeds' 代办 pilots). */
export const HELP_LEVELS = [
  { key: 'full', zh: '全程代办', en: 'Full proxy', hint: '代办员持委托书和材料全程办理，送达结果' },
  { key: 'partial', zh: '环节帮办', en: 'Help with some steps', hint: '居民本人须到场的环节由代办员陪同，其余环节代办' },
  { key: 'guide', zh: '现场导办', en: 'Guidance only', hint: '代办员讲清材料和流程，陪同或指引居民本人办理' },
] as const;
export type HelpLevel = (typeof HELP_LEVELS)[number]['key'];

/** Kinds of item (the first two digits), as the national list names them. */
export const ITEM_KINDS = [
  { code: '01', zh: '行政许可', en: 'Administrative licence' },
  { code: '05', zh: '行政给付', en: 'Administrative payment' },
  { code: '07', zh: '行政确认', en: 'Administrative confirmation' },
  { code: '10', zh: '其他行政权力', en: 'Other administrative power' },
  { code: '11', zh: '公共服务', en: 'Public service' },
] as const;

export interface ItemCode {
  code: string; // 12 digits
  kind: string; // 2
  main: string; // 5
  sub: string; // 3
  handling: string; // 2
}

/** Reads a code typed with or without separators ("11-00321-000-01", "11 00321 000 01"). */
export function parseItemCode(text: string): ({ ok: true } & ItemCode) | { ok: false; zh: string; en: string } {
  const digits = text.trim().replace(/[\s\-.]/g, '');
  if (!/^\d{12}$/.test(digits)) {
    return { ok: false, zh: `「${text.trim()}」不是12位事项编码（事项类型2位＋主项5位＋子项3位＋办理项2位）`, en: `“${text.trim()}” is not a 12-digit item code (kind 2 + main 5 + sub 3 + handling 2)` };
  }
  const kind = digits.slice(0, 2);
  if (!ITEM_KINDS.some((k) => k.code === kind)) {
    return { ok: false, zh: `事项类型「${kind}」不在目录中（可填：${ITEM_KINDS.map((k) => `${k.code} ${k.zh}`).join('、')}）`, en: `item kind ${kind} is not one of ${ITEM_KINDS.map((k) => k.code).join(', ')}` };
  }
  if (digits.slice(2, 7) === '00000') return { ok: false, zh: '主项编码不能为 00000', en: 'the main item code may not be 00000' };
  return { ok: true, code: digits, kind, main: digits.slice(2, 7), sub: digits.slice(7, 10), handling: digits.slice(10, 12) };
}

/** The code as printed: 11-00321-000-01. */
export function formatItemCode(code: string): string {
  return /^\d{12}$/.test(code) ? `${code.slice(0, 2)}-${code.slice(2, 7)}-${code.slice(7, 10)}-${code.slice(10)}` : code;
}

/** One entry of an item's materials checklist (材料清单). */
export interface Material {
  name: string;
  /** 原件 (shown and returned), 复印件 (kept by the office), or both. */
  form: 'original' | 'copy' | 'both';
  copies: number;
  note?: string;
}

/** How a material is handed over, as printed. */
export const MATERIAL_FORMS: Record<Material['form'], string> = { original: '原件', copy: '复印件', both: '原件及复印件' };

/** A checklist as one spreadsheet cell: entries split by ；, each "名称（原件|复印件|原件及复印件 N份，备注）". */
export function materialsToText(list: readonly Material[]): string {
  return list.map((m) => `${m.name}（${MATERIAL_FORMS[m.form]}${m.copies > 1 ? ` ${m.copies}份` : ''}${m.note ? `，${m.note}` : ''}）`).join('；');
}

/** Reads a checklist cell written as materialsToText writes it (the form may be left out: 原件). */
export function materialsFromText(text: string): ({ ok: true; value: Material[] }) | { ok: false; zh: string; en: string } {
  const out: Material[] = [];
  for (const raw of text.split(/[；;\n]/)) {
    const part = raw.trim();
    if (!part) continue;
    const m = /^(.+?)(?:[（(]([^）)]*)[）)])?$/.exec(part);
    const name = (m?.[1] ?? part).trim();
    if (name.length > 80) return { ok: false, zh: `材料「${name.slice(0, 20)}…」的名称超过80个字`, en: 'a material’s name is longer than 80 characters' };
    let form: Material['form'] = 'original';
    let copies = 1;
    let note: string | undefined;
    for (const bit of (m?.[2] ?? '').split(/[，,]/).map((s) => s.trim()).filter(Boolean)) {
      const formHit = /^(原件及复印件|原件和复印件|复印件|原件)\s*(?:(\d{1,2})\s*份)?$/.exec(bit);
      if (formHit) {
        form = formHit[1] === '复印件' ? 'copy' : formHit[1] === '原件' ? 'original' : 'both';
        if (formHit[2]) copies = Number(formHit[2]);
      } else note = note ? `${note}，${bit}` : bit;
    }
    out.push(note ? { name, form, copies, note } : { name, form, copies });
  }
  if (out.length === 0) return { ok: false, zh: '材料清单为空', en: 'the materials checklist is empty' };
  if (out.length > 40) return { ok: false, zh: '材料清单超过40项', en: 'more than 40 materials' };
  return { ok: true, value: out };
}

const { choice, text, number } = cellReaders;

/** The catalogue as a spreadsheet: the columns of its Excel template and import. */
export const PROXY_ITEM_LEDGER: LedgerSpec = {
  entity: 'proxyItems',
  title: '代办事项目录',
  titleEn: 'Proxy-service catalogue',
  columns: [
    {
      key: 'code',
      header: '事项编码',
      headerEn: 'Code',
      required: true,
      text: true,
      width: 18,
      note: '12位：事项类型2位＋主项5位＋子项3位＋办理项2位（参照 GB/T 39554.1-2020），可用 - 分隔',
      parse: (v) => {
        const r = parseItemCode(v);
        return r.ok ? { ok: true, value: r.code } : r;
      },
    },
    { key: 'name', header: '事项名称', headerEn: 'Name', required: true, width: 28, parse: text(100) },
    { key: 'helpLevel', header: '服务方式', headerEn: 'Help level', required: true, width: 12, note: HELP_LEVELS.map((h) => h.zh).join(' / '), parse: choice(HELP_LEVELS) },
    { key: 'timeLimitDays', header: '办理时限（工作日）', headerEn: 'Time limit (working days)', required: true, width: 12, parse: number(1, 365, true) },
    { key: 'department', header: '承办部门', headerEn: 'Department', required: true, width: 24, parse: text(100) },
    { key: 'window', header: '办理窗口', headerEn: 'Window', width: 28, parse: text(100) },
    { key: 'materials', header: '材料清单', headerEn: 'Materials', required: true, width: 60, note: '每项用；分隔，如：身份证（原件及复印件）；户口簿（原件）；一寸照片（原件 2份，白底）', parse: (v) => {
        // Kept as the normalized text; the server reads it into the checklist with materialsFromText.
        const r = materialsFromText(v);
        return r.ok ? { ok: true, value: materialsToText(r.value) } : r;
      },
    },
    { key: 'fees', header: '收费标准', headerEn: 'Fees', width: 16, note: '不收费的填“不收费”', parse: text(100) },
    { key: 'legalBasis', header: '设定依据', headerEn: 'Legal basis', width: 40, parse: text(500) },
  ],
};
