// Building rows from the three shapes street offices have them in: JSON rows, a CSV export of
// their 台账 (Chinese or English headers), or GeoJSON points/footprints. Every row is checked and
// a bad one is named by its row number.
import { gcj02ToWgs84, mapGeometry } from '../../../../core/src/geo/coords.js';
import { pointOnSurface } from '../../../../core/src/geo/measure.js';
import type { AreaGeometry, Position } from '../../../../core/src/geo/types.js';
import { geometryProblems } from '../../../../core/src/geo/validate.js';
import { isCleanName } from '../../../../core/src/text-rules.js';
import { badRequest } from '../../errors.js';
import { BUILDING_NUMBER } from './schema.js';
import type { Crs } from './service.js';

export interface BuildingRow {
  name: string;
  number?: string;
  address?: string;
  lng: number;
  lat: number;
  footprint?: AreaGeometry;
}

const HEADERS: Record<string, keyof BuildingRow> = {
  名称: 'name', 楼栋名称: 'name', name: 'name',
  编号: 'number', 楼栋编号: 'number', number: 'number',
  地址: 'address', address: 'address',
  经度: 'lng', lng: 'lng', lon: 'lng', longitude: 'lng',
  纬度: 'lat', lat: 'lat', latitude: 'lat',
};

const badRow = (row: number, zh: string, en: string) => badRequest('INVALID_ROW', { zh: `第 ${row} 行：${zh}`, en: `Row ${row}: ${en}` }, { row });

/** Splits CSV text into rows of fields (RFC 4180 quoting; a BOM from Excel is dropped). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (src[i + 1] === '"') field += src[i++];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') endRow();
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) endRow();
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

function checkRow(b: BuildingRow, row: number): BuildingRow {
  if (!b.name || !isCleanName(b.name)) throw badRow(row, '名称为空或含有不允许的字符', 'the name is empty or has characters that are not allowed');
  if (b.number && !new RegExp(BUILDING_NUMBER, 'u').test(b.number)) throw badRow(row, '编号格式不对', 'malformed number');
  if (b.address && !isCleanName(b.address)) throw badRow(row, '地址含有不允许的字符', 'the address has characters that are not allowed');
  if (!Number.isFinite(b.lng) || !Number.isFinite(b.lat) || Math.abs(b.lng) > 180 || Math.abs(b.lat) > 90) {
    throw badRow(row, '经纬度缺失或超出范围', 'longitude/latitude missing or out of range');
  }
  return b;
}

function fromCsv(text: string): BuildingRow[] {
  const [header, ...rows] = parseCsv(text);
  const columns = (header ?? []).map((h) => HEADERS[h.trim().toLowerCase()] ?? HEADERS[h.trim()]);
  for (const need of ['name', 'lng', 'lat'] as const) {
    if (!columns.includes(need)) {
      const zh = { name: '名称', lng: '经度', lat: '纬度' }[need];
      throw badRequest('CSV_HEADER', { zh: `CSV 缺少「${zh}」列`, en: `The CSV has no ${need} column` });
    }
  }
  if (rows.length > 20000) throw badRequest('TOO_MANY_ROWS', { zh: '一次最多导入 20000 行', en: 'At most 20,000 rows at a time' });
  return rows.map((fields, i) => {
    const b: Partial<Record<keyof BuildingRow, string>> = {};
    columns.forEach((key, j) => {
      if (key && key !== 'footprint') b[key] = fields[j]?.trim() ?? '';
    });
    return checkRow({ name: b.name ?? '', number: b.number || undefined, address: b.address || undefined, lng: Number(b.lng || NaN), lat: Number(b.lat || NaN) }, i + 2);
  });
}

function fromFeatures(features: Array<{ geometry: unknown; properties?: Record<string, unknown> | null }>, crs: Crs | undefined): BuildingRow[] {
  return features.map((f, i) => {
    const p = f.properties ?? {};
    const text = (k: string[]) => k.map((key) => p[key]).find((v) => typeof v === 'string' || typeof v === 'number')?.toString().trim();
    const g = f.geometry as { type?: string; coordinates?: unknown } | null;
    let point: Position;
    let footprint: AreaGeometry | undefined;
    if (g?.type === 'Point' && Array.isArray(g.coordinates) && g.coordinates.length >= 2) {
      point = [Number(g.coordinates[0]), Number(g.coordinates[1])];
      if (crs === 'gcj02') point = gcj02ToWgs84(point);
    } else {
      const problems = geometryProblems(g);
      if (problems.length) throw badRow(i + 1, `要素不是点或有效的面（${problems[0]!.zh}）`, `not a point or a valid polygon (${problems[0]!.en})`);
      footprint = crs === 'gcj02' ? mapGeometry(g as AreaGeometry, gcj02ToWgs84) : (g as AreaGeometry);
      point = pointOnSurface(footprint);
    }
    return checkRow({ name: text(['name', '名称', '楼栋名称']) ?? '', number: text(['number', '编号']), address: text(['address', '地址']), lng: point[0], lat: point[1], footprint }, i + 1);
  });
}

/** Exactly one source; coordinates come back in WGS-84. */
export function buildingRows(body: { crs?: Crs; buildings?: BuildingRow[]; csv?: string; featureCollection?: { features: Array<{ geometry: unknown; properties?: Record<string, unknown> | null }> } }): BuildingRow[] {
  const given = [body.buildings, body.csv, body.featureCollection].filter((x) => x !== undefined).length;
  if (given !== 1) throw badRequest('ONE_SOURCE', { zh: '请提供且只提供一种数据：buildings、csv 或 featureCollection', en: 'Send exactly one of buildings, csv or featureCollection' });
  if (body.featureCollection) return fromFeatures(body.featureCollection.features, body.crs);
  const rows = body.csv !== undefined ? fromCsv(body.csv) : body.buildings!.map((b, i) => checkRow({ ...b }, i + 1));
  return body.crs === 'gcj02' ? rows.map((b) => ({ ...b, ...toWgs(b) })) : rows;
}

function toWgs(b: BuildingRow) {
  const [lng, lat] = gcj02ToWgs84([b.lng, b.lat]);
  return { lng, lat };
}
