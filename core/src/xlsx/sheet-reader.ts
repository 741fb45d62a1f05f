// The cells of one worksheet part (<sheetData>) and the shared-string table, as text.

import { formatSerial, type DateKind } from './dates.js';
import { corrupt, tooLarge } from './errors.js';
import { requireClosed, XmlScanner } from './xml-scanner.js';
import { decodeXEscapes } from './xml.js';

/** One row that has at least one non-empty cell. */
export interface XlsxRow {
  /** The row number Excel shows (1 = the first row, usually the header). */
  row: number;
  /** Cell text by column: cells[0] is column A, cells[26] column AA; '' for an empty cell in between, no trailing empties. */
  cells: string[];
}

export interface SheetContext {
  /** The zip entry, for error messages. */
  part: string;
  sheetName: string;
  sharedStrings: readonly string[];
  /** The date kind of each cell format (cellXfs index), undefined for a number format. */
  dateKinds: ReadonlyArray<DateKind | undefined>;
  date1904: boolean;
  maxRows: number;
}

// Excel's own limits: 1,048,576 rows and 16,384 columns (XFD).
const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

/** The rows with content of one worksheet, in document order. */
export function readSheetRows(xml: Uint8Array, ctx: SheetContext): XlsxRow[] {
  requireClosed(xml, ctx.part, 'worksheet');
  const s = new XmlScanner(xml, ctx.part);
  if (!s.seek('sheetData')) throw corrupt(ctx.part, 'no <sheetData>');
  const rows: XlsxRow[] = [];
  if (s.selfClosing) return rows;

  let rowNumber = 0;
  let cells: string[] = [];
  const cell: CellTag = { column: -1, type: 'n', style: 0 };
  const finishRow = () => {
    if (cells.length === 0) return;
    if (rows.length === ctx.maxRows) throw tooManyRows(ctx);
    rows.push({ row: rowNumber, cells });
    cells = [];
  };

  while (s.next()) {
    if (s.is('c')) {
      if (s.closing) continue;
      readCellTag(s, cell, ctx.part);
      const value = readCell(s, cell, ctx);
      if (value === '') continue;
      while (cells.length < cell.column) cells.push('');
      cells[cell.column] = value;
    } else if (s.is('row')) {
      if (s.closing) {
        finishRow();
        continue;
      }
      const ref = s.attr('r');
      rowNumber = ref === undefined ? rowNumber + 1 : rowRef(ref, ctx.part);
      cell.column = -1;
    } else if (s.is('sheetData') && s.closing) {
      finishRow();
      return rows;
    }
  }
  throw corrupt(ctx.part, 'unterminated <sheetData>');
}

function tooManyRows(ctx: SheetContext) {
  return tooLarge(
    `工作表“${ctx.sheetName}”超过 ${ctx.maxRows} 行，请拆分成多个文件后再导入`,
    `sheet "${ctx.sheetName}" has more than ${ctx.maxRows} rows; split it into several files`,
  );
}

function rowRef(ref: string, part: string): number {
  const n = Number(ref);
  if (!Number.isInteger(n) || n < 1 || n > MAX_ROW) throw corrupt(part, `bad row number ${ref}`);
  return n;
}

// ECMA-376 Part 1, §18.18.11 ST_CellType; a missing t is n (number).
const CELL_TYPES = ['s', 'n', 'inlineStr', 'str', 'b', 'e', 'd'] as const;
type CellType = (typeof CELL_TYPES)[number];

/** The attributes of a <c> tag; one object per sheet, reused from cell to cell. */
interface CellTag {
  /** 0-based: from the reference (AA3 → 26), or the one after the previous cell. */
  column: number;
  type: CellType;
  /** Index into cellXfs. */
  style: number;
}

function readCellTag(s: XmlScanner, cell: CellTag, part: string): void {
  let column = -1;
  cell.type = 'n';
  cell.style = 0;
  s.rewindAttrs();
  while (s.nextAttr()) {
    if (s.attrIs('r')) column = refColumn(s, part);
    else if (s.attrIs('t')) cell.type = cellType(s);
    else if (s.attrIs('s')) cell.style = s.valueInteger();
  }
  cell.column = column >= 0 ? column : cell.column + 1;
}

function cellType(s: XmlScanner): CellType {
  for (const type of CELL_TYPES) if (s.valueIs(type)) return type;
  return 'n';
}

/** The 0-based column of the current attribute's cell reference, -1 when it has no letters. */
function refColumn(s: XmlScanner, part: string): number {
  let n = 0;
  for (let i = s.valueStart; i < s.valueEnd; i++) {
    const c = (s.bytes[i] ?? 0) & ~0x20; // upper case
    if (c < 0x41 || c > 0x5a) break;
    n = n * 26 + (c - 0x40);
  }
  if (n > MAX_COLUMN) throw corrupt(part, 'bad cell reference');
  return n - 1;
}

/** The text of the current <c> element, leaving the scanner on its closing tag. */
function readCell(s: XmlScanner, cell: CellTag, ctx: SheetContext): string {
  if (s.selfClosing) return '';
  let raw = '';
  let inline = '';
  while (s.next()) {
    if (s.closing) {
      if (s.is('c')) return cellText(cell, raw, inline, ctx);
    } else if (s.is('v')) {
      raw = s.text();
    } else if (s.is('is')) {
      inline = readRichText(s, 'is');
    } else if (!s.is('f')) {
      s.skipElement(); // <extLst> and the like
    }
  }
  throw corrupt(ctx.part, 'unterminated <c>');
}

function cellText({ type, style }: CellTag, raw: string, inline: string, ctx: SheetContext): string {
  switch (type) {
    case 's': {
      if (raw === '') return '';
      const text = ctx.sharedStrings[Number(raw)];
      if (text === undefined) throw corrupt(ctx.part, `shared string ${raw} missing`);
      return text;
    }
    case 'inlineStr':
      return inline !== '' ? inline : decodeXEscapes(raw);
    case 'str': // a formula's text result
      return decodeXEscapes(raw);
    case 'b':
      return raw === '' ? '' : raw === '1' || raw === 'true' ? 'TRUE' : 'FALSE';
    case 'e': // #N/A, #DIV/0! …
      return raw;
    case 'd': // ISO 8601, written by some non-Excel tools
      return isoDateText(raw);
    case 'n': {
      if (raw === '') return '';
      const kind = ctx.dateKinds[style];
      return (kind && formatSerial(Number(raw), kind, ctx.date1904)) || numberText(raw);
    }
  }
}

/**
 * A number as written in the XML. Digits-only text (an ID or phone typed as a number) comes back
 * exactly as stored; a fraction with float noise from Excel's 17-digit writing
 * (1.1000000000000001) is cut to the 15 significant digits Excel shows. Exponent forms such as
 * 4.10105195503120E+17 stay as written, so an importer can tell that an ID lost its last digits.
 */
function numberText(raw: string): string {
  let digits = 0;
  let fraction = false;
  let leading = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (c !== 0x30 || !leading) {
        leading = false;
        digits++;
      }
    } else if (c === 0x2e) {
      fraction = true;
    } else if ((c | 0x20) === 0x65) {
      break; // exponent
    }
  }
  if (!fraction || digits <= 15) return raw;
  const n = Number(raw);
  return Number.isFinite(n) ? String(Number(n.toPrecision(15))) : raw;
}

// 2025-10-01T08:30:00 → '2025-10-01 08:30', and midnight → '2025-10-01', as for serial dates.
function isoDateText(raw: string): string {
  if (raw.length <= 10) return raw;
  const time = raw.slice(11, 16);
  const seconds = raw.slice(17, 19);
  return time === '00:00' && (seconds === '' || seconds === '00') ? raw.slice(0, 10) : `${raw.slice(0, 10)} ${time}`;
}

/**
 * The text of a <si> or <is> element: its <t>, or the <t> of each rich-text run <r>, joined.
 * Phonetic guides (<rPh>, furigana) are not part of the text.
 */
export function readRichText(s: XmlScanner, element: 'si' | 'is'): string {
  if (s.selfClosing) return '';
  let text = '';
  while (s.next()) {
    if (s.closing) {
      if (s.is(element)) return decodeXEscapes(text);
    } else if (s.is('t')) {
      text += s.text();
    } else if (s.is('rPh')) {
      s.skipElement();
    }
  }
  throw corrupt(s.part, `unterminated <${element}>`);
}

/** The shared-string table (xl/sharedStrings.xml), in index order. */
export function readSharedStrings(xml: Uint8Array, part: string): string[] {
  requireClosed(xml, part, 'sst');
  const s = new XmlScanner(xml, part);
  const strings: string[] = [];
  while (s.next()) {
    if (s.opens('si')) strings.push(readRichText(s, 'si'));
  }
  return strings;
}
