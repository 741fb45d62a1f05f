// .xlsx (Office Open XML SpreadsheetML) reading and writing for 台账 imports and exports.

export { excelSerialToDate, type DateKind } from './dates.js';
export { XlsxError, type XlsxErrorCode } from './errors.js';
export { readXlsx, type ReadXlsxOptions, type XlsxReadSheet, type XlsxRow } from './reader.js';
export { columnName, sheetNames, writeXlsx, type XlsxCellValue, type XlsxColumn, type XlsxSheet } from './writer.js';
