// Writes 台账 as an .xlsx that Excel, WPS and LibreOffice open: a bold, frozen header row, column
// widths, text-formatted ID and phone columns, and every string guarded against formula injection.

import { tooLarge, XlsxError } from './errors.js';
import {
  commentsXml,
  contentTypesXml,
  NS_MAIN,
  NS_R,
  notesVml,
  relationshipsXml,
  STYLE,
  STYLES_XML,
  workbookXml,
  xmlPart,
  type HeaderNote,
} from './writer-parts.js';
import { escapeCellText } from './xml.js';
import { ZipWriter, type PartWriter } from './zip-writer.js';

export interface XlsxColumn {
  header: string;
  /** Width in Excel's character units (a Chinese character takes two); by default fitted to the header and the first rows. */
  width?: number;
  /**
   * Text format (@): Excel keeps what is typed as typed, so an 18-digit ID never turns into
   * 4.10105E+17 and a phone number keeps its leading zero, in these rows and in rows added later.
   * Numbers given for such a column are written as text too.
   */
  text?: boolean;
  /** A note (comment) on the header cell, e.g. how to fill the column in. */
  note?: string;
}

export type XlsxCellValue = string | number | null | undefined;

export interface XlsxSheet {
  /** Made to fit Excel's rules: at most 31 characters, none of [ ] : * ? / \, unique. */
  name: string;
  columns: XlsxColumn[];
  /** Row 2 onwards (row 1 is the header); null, undefined, '' and non-finite numbers leave a cell empty. */
  rows: XlsxCellValue[][];
}

// Excel's limits: rows and columns of a sheet, characters in a cell.
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
const MAX_CELL_CHARS = 32_767;
const WIDTH_SAMPLE_ROWS = 100;
// fflate deflate level 2 packs a 100,000-row sheet in half the time of level 6, into a file ~17% larger.
const ZIP_LEVEL = 2;

/** An .xlsx workbook with one worksheet per entry of `sheets`, in that order. */
export function writeXlsx(sheets: XlsxSheet[]): Uint8Array {
  if (sheets.length === 0) {
    throw new XlsxError('NO_SHEETS', '工作簿至少需要一个工作表', 'a workbook needs at least one sheet');
  }
  const names = sheetNames(sheets.map((s) => s.name));
  const zip = new ZipWriter(ZIP_LEVEL);
  const notes = sheets.map((s) => headerNotes(s.columns));
  const sheetsWithNotes = notes.flatMap((n, i) => (n.length > 0 ? [i + 1] : []));
  zip.add('[Content_Types].xml', contentTypesXml(sheets.length, sheetsWithNotes));
  zip.add('_rels/.rels', relationshipsXml([{ type: 'officeDocument', target: 'xl/workbook.xml' }]));
  zip.add('xl/workbook.xml', workbookXml(names));
  zip.add(
    'xl/_rels/workbook.xml.rels',
    relationshipsXml([
      ...sheets.map((_, i) => ({ type: 'worksheet', target: `worksheets/sheet${i + 1}.xml` })),
      { type: 'styles', target: 'styles.xml' },
    ]),
  );
  zip.add('xl/styles.xml', STYLES_XML);
  sheets.forEach((sheet, i) => {
    const n = i + 1;
    const sheetNotes = notes[i] ?? [];
    const part = zip.open(`xl/worksheets/sheet${n}.xml`);
    writeWorksheet(part, sheet, names[i] ?? '', i === 0, sheetNotes.length > 0);
    part.close();
    if (sheetNotes.length === 0) return;
    zip.add(
      `xl/worksheets/_rels/sheet${n}.xml.rels`,
      relationshipsXml([
        { type: 'vmlDrawing', target: `../drawings/vmlDrawing${n}.vml` },
        { type: 'comments', target: `../comments${n}.xml` },
      ]),
    );
    zip.add(`xl/comments${n}.xml`, commentsXml(sheetNotes));
    zip.add(`xl/drawings/vmlDrawing${n}.vml`, notesVml(n, sheetNotes));
  });
  return zip.finish();
}

function headerNotes(columns: readonly XlsxColumn[]): HeaderNote[] {
  const notes: HeaderNote[] = [];
  columns.forEach((c, column) => {
    if (c.note) notes.push({ column, ref: `${columnName(column)}1`, text: c.note });
  });
  return notes;
}

function writeWorksheet(out: PartWriter, sheet: XlsxSheet, name: string, selected: boolean, withNotes: boolean): void {
  const { columns, rows } = sheet;
  let columnCount = columns.length;
  for (const row of rows) columnCount = Math.max(columnCount, row.length);
  if (rows.length + 1 > MAX_ROWS || columnCount > MAX_COLUMNS) {
    throw tooLarge(
      `工作表“${name}”超出 Excel 上限（${MAX_ROWS} 行、${MAX_COLUMNS} 列）`,
      `sheet "${name}" is past Excel's limits (${MAX_ROWS} rows, ${MAX_COLUMNS} columns)`,
    );
  }
  const letters = Array.from({ length: columnCount }, (_, i) => columnName(i));
  const styles = letters.map((_, i) => (columns[i]?.text ? STYLE.text : 0));
  const lastCell = columnCount === 0 ? 'A1' : `${letters[columnCount - 1]}${rows.length + 1}`;

  out.write(xmlPart(`<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><dimension ref="A1:${lastCell}"/>`));
  out.write(sheetViewsXml(selected, columns.length > 0));
  if (columns.length > 0) {
    const cols = columns.map((c, i) => {
      const style = c.text ? ` style="${STYLE.text}"` : '';
      return `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? fittedWidth(c.header, rows, i)}" customWidth="1"${style}/>`;
    });
    out.write(`<cols>${cols.join('')}</cols>`);
  }
  out.write('<sheetData>');
  if (columns.length > 0) {
    out.write(`<row r="1">${columns.map((c, i) => cellXml(`${letters[i]}1`, c.header, STYLE.header)).join('')}</row>`);
  }
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const number = r + 2;
    let xml = '';
    for (let i = 0; i < row.length; i++) xml += cellXml(`${letters[i]}${number}`, row[i], styles[i] ?? 0);
    if (xml !== '') out.write(`<row r="${number}">${xml}</row>`);
  }
  out.write('</sheetData>');
  // Excel flags digits in a text cell with a green "number stored as text" triangle: not wanted on IDs.
  const textRanges = letters.filter((_, i) => styles[i] === STYLE.text).map((l) => `${l}1:${l}${MAX_ROWS}`);
  if (textRanges.length > 0) {
    out.write(`<ignoredErrors><ignoredError sqref="${textRanges.join(' ')}" numberStoredAsText="1"/></ignoredErrors>`);
  }
  if (withNotes) out.write('<legacyDrawing r:id="rId1"/>');
  out.write('</worksheet>');
}

// The first sheet is the selected tab; a sheet with a header row keeps it in view (frozen pane).
function sheetViewsXml(selected: boolean, frozenHeader: boolean): string {
  const tab = selected ? ' tabSelected="1"' : '';
  if (!frozenHeader) return `<sheetViews><sheetView${tab} workbookViewId="0"/></sheetViews>`;
  return (
    `<sheetViews><sheetView${tab} workbookViewId="0">` +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
  );
}

function cellXml(ref: string, value: XlsxCellValue, style: number): string {
  if (value === null || value === undefined) return '';
  const s = style === 0 ? '' : ` s="${style}"`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    if (style !== STYLE.text) return `<c r="${ref}"${s}><v>${value}</v></c>`;
  }
  let string = String(value);
  if (string === '') return '';
  if (string.length > MAX_CELL_CHARS) string = string.slice(0, MAX_CELL_CHARS); // a half pair is dropped by escaping
  const escaped = escapeCellText(guardFormula(string));
  const first = escaped.charCodeAt(0);
  const last = escaped.charCodeAt(escaped.length - 1);
  const space = first <= 0x20 || last <= 0x20 ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${escaped}</t></is></c>`;
}

/**
 * OWASP "CSV injection": text that starts like a formula (= + - @, tab, carriage return) is
 * prefixed with ' so a spreadsheet that re-evaluates the cell shows it instead of running it.
 * A phone or plain number (-5, +86 138 3820 6721, a lone -) has nothing to run and stays as it is.
 */
export function guardFormula(value: string): string {
  const c = value.charCodeAt(0);
  if (c === 0x3d || c === 0x40 || c === 0x09 || c === 0x0d) return `'${value}`;
  if ((c === 0x2b || c === 0x2d) && !isNumberLike(value)) return `'${value}`;
  return value;
}

// Digits, spaces and the punctuation of numbers and phone numbers only: + - . ( )
function isNumberLike(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || c === 0x20 || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x28 || c === 0x29)) {
      return false;
    }
  }
  return true;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(0x41 + ((n - 1) % 26)) + name;
  return name;
}

// Width in Excel's character units: Chinese and other full-width characters take two.
function fittedWidth(header: string, rows: readonly XlsxCellValue[][], column: number): number {
  let widest = displayWidth(header) + 2; // bold
  const sample = Math.min(rows.length, WIDTH_SAMPLE_ROWS);
  for (let r = 0; r < sample; r++) {
    const value = rows[r]?.[column];
    if (typeof value === 'string') widest = Math.max(widest, displayWidth(value));
    // Excel's General format shows a number in at most 11 characters.
    else if (typeof value === 'number') widest = Math.max(widest, Math.min(String(value).length, 11));
  }
  return Math.min(Math.max(widest + 2, 8), 60);
}

function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) width += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return width;
}

// Excel refuses these in a sheet name; History is reserved for its change tracking.
const FORBIDDEN_IN_NAME = new Set(['[', ']', ':', '*', '?', '/', '\\']);
const MAX_NAME_CHARS = 31;

/** Sheet names Excel accepts: forbidden characters replaced by _, at most 31 characters, unique regardless of case. */
export function sheetNames(requested: readonly string[]): string[] {
  const taken = new Set<string>();
  return requested.map((raw, i) => {
    let name = [...raw]
      .map((ch) => (FORBIDDEN_IN_NAME.has(ch) || (ch.codePointAt(0) ?? 0) < 0x20 ? '_' : ch))
      .join('')
      .trim()
      .replace(/^'+|'+$/g, ''); // nor may one start or end with an apostrophe
    if (name === '') name = `Sheet${i + 1}`;
    if (name.toLowerCase() === 'history') name += '_';
    const base = name;
    name = truncate(base, MAX_NAME_CHARS);
    for (let k = 2; taken.has(name.toLowerCase()); k++) {
      const suffix = ` (${k})`;
      name = truncate(base, MAX_NAME_CHARS - suffix.length) + suffix;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

// Cut to `max` UTF-16 units without splitting a surrogate pair.
function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
