import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readXlsx, writeXlsx, XlsxError, type XlsxCellValue, type XlsxReadSheet } from './index.js';

/** The rows of a sheet as { row number: cells }, for compact expectations. */
const byRow = (sheet: XlsxReadSheet | undefined) => Object.fromEntries((sheet?.rows ?? []).map((r) => [r.row, r.cells]));

/** The XlsxError `run` throws (fails the test when it throws something else or nothing). */
function xlsxError(run: () => unknown): XlsxError {
  try {
    run();
  } catch (e) {
    if (e instanceof XlsxError) return e;
    throw e;
  }
  throw new Error('expected an XlsxError');
}

/** An .xlsx built by hand: the parts every workbook has, plus `parts` (which may replace them). */
function handBuilt(parts: Record<string, string>): Uint8Array {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const files: Record<string, string> = {
    '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels':
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>` +
      `<Relationship Id="rId3" Type="${rel}/styles" Target="/xl/styles.xml"/></Relationships>`,
    'xl/styles.xml': `<styleSheet xmlns="${main}"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>`,
    'xl/sharedStrings.xml': `<sst xmlns="${main}" count="0" uniqueCount="0"/>`,
    ...parts,
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, xml]) => [name, strToU8(xml)])));
}

const worksheet = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;

describe('writeXlsx → readXlsx round trip', () => {
  const columns = [
    { header: '姓名' },
    { header: '身份证号', text: true },
    { header: '联系电话', text: true },
    { header: '年龄' },
    { header: '备注' },
  ];
  const rows: XlsxCellValue[][] = [
    ['张三', '41010519550312002X', '13838206721', 70, '独居老人'],
    ['李𠀀', '410105195503120026', 13838206722, 1.5, null],
    ['王五', null, undefined, -3, ''],
    [],
    ['赵六', '', '0371-12345678', 0.1 + 0.2, '  首尾空格  '],
  ];
  const [sheet] = readXlsx(writeXlsx([{ name: '人口台账', columns, rows }]));

  it('keeps Chinese text, IDs ending in X and phone numbers as written', () => {
    expect(sheet?.name).toBe('人口台账');
    expect(byRow(sheet)[1]).toEqual(['姓名', '身份证号', '联系电话', '年龄', '备注']);
    expect(byRow(sheet)[2]).toEqual(['张三', '41010519550312002X', '13838206721', '70', '独居老人']);
  });

  it('writes a number given for a text column as text, and keeps characters outside the BMP', () => {
    expect(byRow(sheet)[3]).toEqual(['李𠀀', '410105195503120026', '13838206722', '1.5']);
  });

  it('leaves empty cells in the middle empty, and keeps row numbers across an empty row', () => {
    expect(byRow(sheet)[4]).toEqual(['王五', '', '', '-3']);
    expect(byRow(sheet)[5]).toBeUndefined();
    expect(byRow(sheet)[6]).toEqual(['赵六', '', '0371-12345678', '0.3', '  首尾空格  ']);
    expect(sheet?.rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 6]);
  });

  it('escapes XML special characters, keeps line breaks and drops control characters', () => {
    const text = `a & b < c > d "e" 'f' ]]> \u0001\u0008x\ty\r\nz _x000D_ 中`;
    const [read] = readXlsx(writeXlsx([{ name: 'S', columns: [{ header: text }], rows: [[text]] }]));
    const clean = `a & b < c > d "e" 'f' ]]> x\ty\r\nz _x000D_ 中`;
    expect(byRow(read)).toEqual({ 1: [clean], 2: [clean] });
  });

  it('prefixes strings that would start a formula with a quote', () => {
    const values = ['=1+1', '+cmd|', '-2+3+cmd|', '@SUM(A1)', '\t=1', '-', '-5', '+86 138 3820 6721', '(0371) 1234-5678', 'a=b'];
    const [read] = readXlsx(writeXlsx([{ name: 'S', columns: [{ header: 'v' }], rows: values.map((v) => [v]) }]));
    expect(read?.rows.slice(1).map((r) => r.cells[0])).toEqual([
      "'=1+1",
      "'+cmd|",
      "'-2+3+cmd|",
      "'@SUM(A1)",
      "'\t=1",
      '-',
      '-5',
      '+86 138 3820 6721',
      '(0371) 1234-5678',
      'a=b',
    ]);
  });

  it('writes and reads 100,000 rows', () => {
    const columns = Array.from({ length: 12 }, (_, i) => ({ header: `列${i + 1}`, text: i === 1 }));
    const big: XlsxCellValue[][] = [];
    for (let i = 0; i < 100_000; i++) {
      big.push([`居民${i}`, `41010519550312${String(i % 10_000).padStart(4, '0')}`, 20 + (i % 70), '金水区', i % 3 ? null : '60岁以上', 1.25, 'a', 'b', 'c', 'd', 'e', i]);
    }
    const [read] = readXlsx(writeXlsx([{ name: 'big', columns, rows: big }]));
    expect(read?.rows).toHaveLength(100_001);
    expect(read?.rows[100_000]).toEqual({
      row: 100_001,
      cells: ['居民99999', '410105195503129999', '59', '金水区', '60岁以上', '1.25', 'a', 'b', 'c', 'd', 'e', '99999'],
    });
    expect(read?.rows[2]?.cells[4]).toBe('');
  }, 60_000); // a time-out for a busy machine, not a speed check
});

describe('writeXlsx package', () => {
  const data = writeXlsx([
    {
      name: '人口/台账[2025]',
      columns: [{ header: '姓名', width: 12 }, { header: '身份证号', text: true, note: '18 位，末位 X 大写' }],
      rows: [['张三', '41010519550312002X']],
    },
    { name: '人口/台账[2025]', columns: [], rows: [] },
  ]);
  const files = unzipSync(data);
  const part = (name: string) => strFromU8(files[name] ?? new Uint8Array());

  it('holds the parts Excel needs', () => {
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/workbook.xml',
        'xl/_rels/workbook.xml.rels',
        'xl/styles.xml',
        'xl/worksheets/sheet1.xml',
        'xl/worksheets/sheet2.xml',
      ]),
    );
    expect(part('[Content_Types].xml')).toContain('PartName="/xl/worksheets/sheet2.xml"');
  });

  it('makes sheet names fit Excel and unique', () => {
    expect(part('xl/workbook.xml')).toContain('<sheet name="人口_台账_2025_" sheetId="1" r:id="rId1"/>');
    expect(readXlsx(data).map((s) => s.name)).toEqual(['人口_台账_2025_', '人口_台账_2025_ (2)']);
  });

  it('freezes a bold header row, sets widths and formats text columns as @', () => {
    const sheet = part('xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toContain('<col min="1" max="1" width="12" customWidth="1"/>');
    expect(sheet).toMatch(/<col min="2" max="2" width="\d+" customWidth="1" style="2"\/>/);
    expect(sheet).toContain('<c r="A1" s="1" t="inlineStr"><is><t>姓名</t></is></c>');
    expect(sheet).toContain('<c r="B2" s="2" t="inlineStr"><is><t>41010519550312002X</t></is></c>');
    expect(part('xl/styles.xml')).toContain('<xf numFmtId="49"');
  });

  it('puts a column note on its header cell', () => {
    expect(part('xl/worksheets/sheet1.xml')).toContain('<legacyDrawing r:id="rId1"/>');
    expect(part('xl/comments1.xml')).toContain('<comment ref="B1" authorId="0"><text><t xml:space="preserve">18 位，末位 X 大写</t>');
    expect(part('xl/drawings/vmlDrawing1.vml')).toContain('<x:Row>0</x:Row><x:Column>1</x:Column>');
    expect(files['xl/comments2.xml']).toBeUndefined();
  });

  it('refuses a workbook without sheets', () => {
    expect(xlsxError(() => writeXlsx([])).code).toBe('NO_SHEETS');
  });
});

describe('readXlsx of a hand-built workbook', () => {
  const data = handBuilt({
    'xl/sharedStrings.xml':
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">' +
      '<si><t>姓名</t></si>' +
      '<si><r><rPr><b/></rPr><t>金水区</t></r><r><t xml:space="preserve"> 文化路</t></r><rPh sb="0" eb="1"><t>ジン</t></rPh></si>' +
      '<si><t>a&amp;b &lt;&#x4E2D;&#25991;&gt; line_x000D_break _x005F_x0041_</t></si>' +
      '<si/></sst>',
    'xl/styles.xml':
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="176"/>' +
      '<xf numFmtId="22"/><xf numFmtId="49"/></cellXfs></styleSheet>',
    'xl/worksheets/sheet1.xml': worksheet(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>' +
        '<row r="3" spans="1:27"><c r="A3" s="1"><v>45931</v></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="b"><v>0</v></c>' +
        '<c r="AA3" t="inlineStr"><is><t>第27列</t></is></c></row>' +
        '<row r="4"><c r="A4" s="2"><v>45931</v></c><c r="B4" s="3"><v>45931.375</v></c><c r="C4" s="4"><v>13838206721</v></c>' +
        '<c r="D4"><v>4.10105195503120E+17</v></c><c r="E4"><v>1.1000000000000001</v></c><c r="F4" t="str"><f>A1&amp;B1</f><v>x</v></c>' +
        '<c r="G4" t="e"><v>#N/A</v></c></row>' +
        '<row r="5"><c r="A5" s="1"/><c r="B5" t="s"/></row>' +
        '<row r="7"><c t="inlineStr"><is><t>无引用</t></is></c><c><v>2</v></c></row>',
    ),
  });
  const [sheet] = readXlsx(data);
  const rows = byRow(sheet);

  it('resolves shared strings, joining rich-text runs and leaving phonetic guides out', () => {
    expect(sheet?.name).toBe('台账');
    expect(rows[1]).toEqual(['姓名', '金水区 文化路', 'a&b <中文> line\rbreak _x0041_']);
  });

  it('reads date-formatted serials as dates, booleans, and a cell at AA', () => {
    expect(rows[3]?.slice(0, 3)).toEqual(['2025-10-01', 'TRUE', 'FALSE']);
    expect(rows[3]?.[26]).toBe('第27列');
    expect(rows[3]).toHaveLength(27);
    expect(rows[3]?.slice(3, 26).every((c) => c === '')).toBe(true);
  });

  it('reads custom date formats, date-times, numbers as written, formula results and errors', () => {
    expect(rows[4]).toEqual([
      '2025-10-01',
      '2025-10-01 09:00',
      '13838206721',
      '4.10105195503120E+17',
      '1.1',
      'x',
      '#N/A',
    ]);
  });

  it('leaves out rows without content and places cells without a reference one after another', () => {
    expect(rows[5]).toBeUndefined();
    expect(rows[7]).toEqual(['无引用', '2']);
    expect(sheet?.rows.map((r) => r.row)).toEqual([1, 3, 4, 7]);
  });

  it('reads sheets in workbook order, by relationship, with namespace prefixes', () => {
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const twoSheets = handBuilt({
      'xl/workbook.xml':
        `<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${rel}">` +
        '<x:workbookPr date1904="1"/><x:sheets><x:sheet name="第二" sheetId="2" r:id="rId9"/>' +
        '<x:sheet name="第一" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>',
      'xl/_rels/workbook.xml.rels':
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId9" Type="${rel}/worksheet" Target="/xl/worksheets/other.xml"/></Relationships>`,
      'xl/worksheets/sheet1.xml': worksheet('<row r="1"><c r="A1"><v>1</v></c></row>'),
      'xl/worksheets/other.xml':
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
        '<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>二</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>',
    });
    expect(readXlsx(twoSheets)).toEqual([
      { name: '第二', rows: [{ row: 2, cells: ['', '二'] }] },
      { name: '第一', rows: [{ row: 1, cells: ['1'] }] },
    ]);
  });
});

describe('readXlsx errors', () => {
  it('NOT_XLSX for bytes that are not a zip', () => {
    const random = Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 251);
    const error = xlsxError(() => readXlsx(random));
    expect(error.code).toBe('NOT_XLSX');
    expect(error.zh).toContain('.xlsx');
    expect(error.en).toContain('.xlsx');
  });

  it('NOT_XLSX for a zip without a workbook, with a hint for a legacy .xls', () => {
    const zip = zipSync({ 'word/document.xml': strToU8('<document/>') });
    expect(xlsxError(() => readXlsx(zip)).code).toBe('NOT_XLSX');
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(xlsxError(() => readXlsx(xls)).zh).toContain('.xls');
  });

  it('TOO_LARGE past maxRows', () => {
    const data = writeXlsx([{ name: '大表', columns: [{ header: 'n' }], rows: [[1], [2], [3]] }]);
    expect(readXlsx(data, { maxRows: 4 })[0]?.rows).toHaveLength(4);
    const error = xlsxError(() => readXlsx(data, { maxRows: 3 }));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.zh).toContain('大表');
  });

  it('TOO_LARGE before inflating parts that declare more than maxBytes', () => {
    const rows = Array.from({ length: 10 }, () => ['x'.repeat(10_000)]);
    const data = writeXlsx([{ name: 'S', columns: [{ header: 'n' }], rows }]);
    expect(data.length).toBeLessThan(10_000);
    expect(readXlsx(data, { maxBytes: 200_000 })[0]?.rows).toHaveLength(11);
    expect(xlsxError(() => readXlsx(data, { maxBytes: 90_000 })).code).toBe('TOO_LARGE');
  });

  it('CORRUPT for a sheet cut short', () => {
    const cut = worksheet('<row r="1"><c r="A1"><v>1</v></c></row>').slice(0, -40);
    expect(xlsxError(() => readXlsx(handBuilt({ 'xl/worksheets/sheet1.xml': cut }))).code).toBe('CORRUPT');
    const badString = worksheet('<row r="1"><c r="A1" t="s"><v>5</v></c></row>');
    expect(xlsxError(() => readXlsx(handBuilt({ 'xl/worksheets/sheet1.xml': badString }))).code).toBe('CORRUPT');
  });
});
