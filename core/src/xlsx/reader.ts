// Reads every worksheet of an .xlsx as rows of text, for importing 台账 kept in Excel.

import { dateKindOf, type DateKind } from './dates.js';
import { corrupt, notXlsx } from './errors.js';
import { ZipPackage, type Relationship } from './package.js';
import { readSharedStrings, readSheetRows, type XlsxRow } from './sheet-reader.js';
import { requireClosed, XmlScanner } from './xml-scanner.js';

export type { XlsxRow } from './sheet-reader.js';

export interface ReadXlsxOptions {
  /** Most rows with content a sheet may have (default 200,000); past it: XlsxError TOO_LARGE. */
  maxRows?: number;
  /** Most bytes the workbook's parts may inflate to, all together (default 200 MB); past it: TOO_LARGE. */
  maxBytes?: number;
}

export interface XlsxReadSheet {
  /** The tab's name as Excel shows it. */
  name: string;
  /** Rows that have at least one non-empty cell, each with its Excel row number. */
  rows: XlsxRow[];
}

const DEFAULT_MAX_ROWS = 200_000;
const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

const REL = {
  officeDocument: '/officeDocument',
  worksheet: '/worksheet',
  sharedStrings: '/sharedStrings',
  styles: '/styles',
};
// Both the transitional (…/officeDocument/2006/relationships/worksheet) and the strict
// (purl.oclc.org/ooxml/…) namespaces end in the same word.
const relOfType = (rels: Relationship[], type: string) => rels.find((r) => r.type.endsWith(type));

/**
 * Every worksheet in workbook (tab) order, chart sheets left out. Cell text: strings as typed,
 * numbers as written in the file (13838206721 stays '13838206721'), booleans 'TRUE'/'FALSE',
 * cells with a date format 'YYYY-MM-DD' (or 'YYYY-MM-DD HH:MM' when the format shows a time of
 * day, 'HH:MM' for a time alone), formula cells their last computed value.
 * Throws XlsxError: NOT_XLSX, TOO_LARGE or CORRUPT.
 */
export function readXlsx(data: Uint8Array, opts: ReadXlsxOptions = {}): XlsxReadSheet[] {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const pkg = new ZipPackage(data, opts.maxBytes ?? DEFAULT_MAX_BYTES);

  const workbookPart = relOfType(pkg.relationships(''), REL.officeDocument)?.target ?? 'xl/workbook.xml';
  const workbookXml = pkg.bytes(workbookPart);
  if (workbookXml === undefined) throw notXlsx(data);
  const workbook = readWorkbook(workbookXml, workbookPart);

  const rels = pkg.relationships(workbookPart);
  const sharedStrings = readPart(pkg, relOfType(rels, REL.sharedStrings), readSharedStrings) ?? [];
  const dateKinds = readPart(pkg, relOfType(rels, REL.styles), readDateKinds) ?? [];

  const sheets: XlsxReadSheet[] = [];
  for (const { name, relId } of workbook.sheets) {
    const rel = rels.find((r) => r.id === relId);
    if (!rel || !rel.type.endsWith(REL.worksheet)) continue;
    const xml = pkg.bytes(rel.target);
    if (xml === undefined) throw corrupt(rel.target, `worksheet "${name}" missing`);
    const ctx = { part: rel.target, sheetName: name, sharedStrings, dateKinds, date1904: workbook.date1904, maxRows };
    sheets.push({ name, rows: readSheetRows(xml, ctx) });
  }
  return sheets;
}

function readPart<T>(pkg: ZipPackage, rel: Relationship | undefined, read: (xml: Uint8Array, part: string) => T): T | undefined {
  const xml = rel && pkg.bytes(rel.target);
  return rel && xml !== undefined ? read(xml, rel.target) : undefined;
}

interface Workbook {
  sheets: Array<{ name: string; relId: string }>;
  date1904: boolean;
}

function readWorkbook(xml: Uint8Array, part: string): Workbook {
  const s = new XmlScanner(xml, part);
  // A .docx or .pptx has an office document too, but not a workbook.
  if (!s.next() || !s.is('workbook')) throw notXlsx();
  requireClosed(xml, part, 'workbook');
  const workbook: Workbook = { sheets: [], date1904: false };
  let inSheets = false;
  while (s.next()) {
    if (s.is('sheets')) {
      inSheets = !s.closing && !s.selfClosing;
    } else if (s.opens('workbookPr')) {
      const date1904 = s.attr('date1904');
      workbook.date1904 = date1904 === '1' || date1904 === 'true';
    } else if (inSheets && s.opens('sheet')) {
      const name = s.attr('name');
      const relId = s.attr('id'); // r:id
      if (name === undefined || relId === undefined) throw corrupt(part, '<sheet> without name or r:id');
      workbook.sheets.push({ name, relId });
    }
  }
  return workbook;
}

/** For each cell format (cellXfs, by index) the kind of date its number format shows, if any. */
function readDateKinds(xml: Uint8Array, part: string): Array<DateKind | undefined> {
  requireClosed(xml, part, 'styleSheet');
  const s = new XmlScanner(xml, part);
  const codes = new Map<number, string>();
  const kinds: Array<DateKind | undefined> = [];
  let section = '';
  while (s.next()) {
    if (s.is('numFmts') || s.is('cellXfs')) {
      section = s.closing || s.selfClosing ? '' : s.opens('numFmts') ? 'numFmts' : 'cellXfs';
    } else if (section === 'numFmts' && s.opens('numFmt')) {
      const code = s.attr('formatCode');
      if (code !== undefined) codes.set(Number(s.attr('numFmtId')), code);
    } else if (section === 'cellXfs' && s.opens('xf')) {
      const id = Number(s.attr('numFmtId') ?? 0);
      kinds.push(dateKindOf(id, codes.get(id)));
      s.skipElement();
    }
  }
  return kinds;
}
