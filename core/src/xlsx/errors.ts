// Errors of the .xlsx reader and writer: a stable code and a message in Chinese and English (STYLE.md §5).

export type XlsxErrorCode =
  /** Not a zip, or a zip without a workbook (an .xls, a CSV, a password-protected file …). */
  | 'NOT_XLSX'
  /** Past the uncompressed-size or row limit, or past Excel's own sheet size when writing. */
  | 'TOO_LARGE'
  /** A zip entry that does not inflate, or XML that is cut off or malformed. */
  | 'CORRUPT'
  /** writeXlsx was given no sheet: Excel refuses a workbook without one. */
  | 'NO_SHEETS';

export class XlsxError extends Error {
  constructor(
    readonly code: XlsxErrorCode,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'XlsxError';
  }
}

// An OLE compound file: a legacy .xls, or an .xlsx saved with an opening password (MS-OFFCRYPTO).
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

export function notXlsx(data?: Uint8Array): XlsxError {
  if (data && OLE_MAGIC.every((b, i) => data[i] === b)) {
    return new XlsxError(
      'NOT_XLSX',
      '文件是旧版 .xls 格式或设置了打开密码，请在 Excel/WPS 中取消密码并另存为 .xlsx 后再导入',
      'the file is a legacy .xls or is password-protected; remove the password and save it as .xlsx',
    );
  }
  return new XlsxError(
    'NOT_XLSX',
    '文件不是有效的 Excel 工作簿（.xlsx），请在 Excel/WPS 中另存为 .xlsx 后再导入',
    'the file is not an Excel workbook (.xlsx); save it as .xlsx and try again',
  );
}

export function tooLarge(zh: string, en: string): XlsxError {
  return new XlsxError('TOO_LARGE', zh, en);
}

/** `part` is the zip entry (e.g. xl/worksheets/sheet1.xml); `detail` is for the English log only. */
export function corrupt(part: string, detail: string): XlsxError {
  return new XlsxError('CORRUPT', `文件已损坏，无法读取（${part}）`, `the file is damaged (${part}: ${detail})`);
}
