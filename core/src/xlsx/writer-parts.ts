// The fixed parts of a written workbook: content types, relationships, workbook, styles, and the
// comments + VML drawing pair that Excel needs to show a note on a header cell.

import { escapeAttr, escapeCellText } from './xml.js';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument';

/** cellXfs indexes of styles.xml. */
export const STYLE = { header: 1, text: 2 } as const;

export function xmlPart(body: string): string {
  return XML_HEAD + body;
}

export function contentTypesXml(sheetCount: number, sheetsWithNotes: readonly number[]): string {
  const overrides = [`<Override PartName="/xl/workbook.xml" ContentType="${CT}.spreadsheetml.sheet.main+xml"/>`];
  overrides.push(`<Override PartName="/xl/styles.xml" ContentType="${CT}.spreadsheetml.styles+xml"/>`);
  for (let n = 1; n <= sheetCount; n++) {
    overrides.push(`<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="${CT}.spreadsheetml.worksheet+xml"/>`);
  }
  for (const n of sheetsWithNotes) {
    overrides.push(`<Override PartName="/xl/comments${n}.xml" ContentType="${CT}.spreadsheetml.comments+xml"/>`);
  }
  const vml = sheetsWithNotes.length > 0 ? `<Default Extension="vml" ContentType="${CT}.vmlDrawing"/>` : '';
  return xmlPart(
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      `<Default Extension="xml" ContentType="application/xml"/>${vml}${overrides.join('')}</Types>`,
  );
}

export function relationshipsXml(rels: Array<{ type: string; target: string }>): string {
  const items = rels.map((r, i) => `<Relationship Id="rId${i + 1}" Type="${NS_R}/${r.type}" Target="${r.target}"/>`);
  return xmlPart(`<Relationships xmlns="${NS_RELS}">${items.join('')}</Relationships>`);
}

export function workbookXml(sheetNames: readonly string[]): string {
  const sheets = sheetNames.map((name, i) => `<sheet name="${escapeAttr(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`);
  return xmlPart(
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><bookViews><workbookView activeTab="0"/></bookViews>` +
      `<sheets>${sheets.join('')}</sheets></workbook>`,
  );
}

// 宋体 with charset 134 (GB2312) is on every Chinese Windows; Excel, WPS and LibreOffice substitute
// elsewhere. Styles: 0 default, 1 bold header, 2 text (@, numFmtId 49) for IDs and phone numbers.
const FONT = '<sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/>';
export const STYLES_XML = xmlPart(
  `<styleSheet xmlns="${NS_MAIN}">` +
    `<fonts count="2"><font>${FONT}</font><font><b/>${FONT}</font></fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>',
);

export interface HeaderNote {
  /** 0-based column. */
  column: number;
  ref: string;
  text: string;
}

export function commentsXml(notes: readonly HeaderNote[]): string {
  const list = notes.map(
    (n) => `<comment ref="${n.ref}" authorId="0"><text><t xml:space="preserve">${escapeCellText(n.text)}</t></text></comment>`,
  );
  return xmlPart(
    `<comments xmlns="${NS_MAIN}"><authors><author>CivicGrid</author></authors>` +
      `<commentList>${list.join('')}</commentList></comments>`,
  );
}

// A note box shows ~20 Chinese characters a line in Excel's 9-point note font; taller for longer notes.
const NOTE_WIDTH_PT = 180;
const NOTE_LINE_UNITS = 40; // half-width characters per line
const NOTE_LINE_PT = 12;
const ROW_PT = 13.5; // Excel's default row height for an 11-point font

function noteHeight(text: string): number {
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let units = 0;
    for (const ch of paragraph) units += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
    lines += Math.max(1, Math.ceil(units / NOTE_LINE_UNITS));
  }
  return Math.max(48, lines * NOTE_LINE_PT + 12);
}

/**
 * The legacy VML drawing that holds the note boxes (Excel does not show a comment without it).
 * Shape ids live in a block of 1024 per drawing, named by o:idmap: sheet n uses n × 1024 + 1 ….
 */
export function notesVml(sheetNumber: number, notes: readonly HeaderNote[]): string {
  const shapes = notes.map(
    (n, i) =>
      `<v:shape id="_x0000_s${sheetNumber * 1024 + 1 + i}" type="#_x0000_t202" ` +
      `style="position:absolute;margin-left:80pt;margin-top:2pt;width:${NOTE_WIDTH_PT}pt;height:${noteHeight(n.text)}pt;` +
      `z-index:${i + 1};visibility:hidden" ` +
      'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>' +
      '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
      '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>' +
      // From, to: column, offset, row, offset. Excel sizes the shown box by this anchor, in cells.
      `<x:Anchor>${n.column + 1}, 15, 0, 2, ${n.column + 4}, 15, ${Math.ceil(noteHeight(n.text) / ROW_PT)}, 2</x:Anchor>` +
      '<x:AutoFill>False</x:AutoFill>' +
      `<x:Row>0</x:Row><x:Column>${n.column}</x:Column></x:ClientData></v:shape>`,
  );
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" ' +
    'xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${sheetNumber}"/></o:shapelayout>` +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">' +
    '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    `${shapes.join('')}</xml>`
  );
}
