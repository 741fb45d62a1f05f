// Excel in and out: templates, dry run with a row-by-row report, all-or-nothing import, duplicates
// by ID number, scope in error messages, masked exports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mod11_2CheckChar } from '../../../../core/src/register/id-card.js';
import { readXlsx, writeXlsx } from '../../../../core/src/xlsx/index.js';
import { clientFor, nodeByCode, startTestApp, tableCounts, type Client, type TestApp } from '../../../test/harness.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const id = (first17: string) => first17 + mod11_2CheckChar(first17);
const HEADER = ['所属网格', '姓名', '证件号码', '联系电话', '人员类别', '居住证有效期至', '楼栋', '单元', '房号', '户编号', '与户主关系', '人员标签'];
const sheet = (rows: string[][]) => Buffer.from(writeXlsx([{ name: '实有人口登记表', columns: HEADER.map((header) => ({ header, text: true })), rows }]));

let t: TestApp;
let worker: Client;
let communityId: number;
let grid: { id: number; name: string };
let otherGridName: string;
let building: string;
let point: { lng: number; lat: number };
beforeAll(async () => {
  t = await startTestApp();
  worker = (await clientFor(t, { roles: ['grid_worker_b'], nodeCodes: ['410105002012'] })).client;
  const community = await nodeByCode(t, '410105002012');
  communityId = community.id;
  grid = (await worker.get(`/api/territory/nodes?parentId=${community.id}`)).json().items[0];
  const b = (await worker.get(`/api/geo/buildings?rootId=${grid.id}`)).json().items[0];
  building = b.name;
  point = { lng: b.lng, lat: b.lat };
  const admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  const away = await nodeByCode(t, '410105002001');
  otherGridName = (await admin.get(`/api/territory/nodes?parentId=${away.id}`)).json().items[0].name;
});
afterAll(() => t.close());

const upload = (c: Client, body: Buffer, query: string) => c.request('POST', `/api/register/ledgers/persons/import?rootId=${communityId}&${query}`, body, { 'content-type': XLSX });

describe('ledger templates', () => {
  it('gives a template with Chinese headers (required ones starred) and instructions', async () => {
    const res = await worker.get('/api/register/ledgers/persons/template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('实有人口登记表模板.xlsx'));
    const [data, help] = readXlsx(new Uint8Array(res.rawPayload));
    expect(data!.rows[0]!.cells.slice(0, 4)).toEqual(['所属网格*', '姓名*', '证件类型', '证件号码*']);
    expect(help!.name).toBe('填写说明');
    for (const entity of ['dwellings', 'places', 'components']) expect((await worker.get(`/api/register/ledgers/${entity}/template`)).statusCode).toBe(200);
  });
});

describe('importing persons', () => {
  const good = () => [
    [grid.name, '孙建国', id('41010519620304101'), '13903716621', '户籍人口', '', building, '1', '301', 'A1', '户主', '退役军人'],
    [grid.name, '周丽华', id('41010519640918102'), '', '户籍', '', building, '1', '301', 'A1', '配偶', ''],
    [grid.name, '孙浩然', id('41010519920101103'), '', '户籍人口', '', building, '1', '301', 'A1', '儿子', ''],
    [grid.name, '马晓东', id('41152619950711104'), '18637120095', '流动人口', '2027-03-31', building, '2', '602', 'B7', '户主', ''],
    [grid.name, '刘桂芝', id('41010519400505105'), '', '', '', '', '', '', '', '', '独居老人、刑满释放人员(正常)'],
  ];

  it('dry run reports nothing wrong and what would be created, writing nothing', async () => {
    const before = await tableCounts(t);
    const res = await upload(worker, sheet(good()), 'dryRun=true');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, rows: 5, problems: [], created: { persons: 5, households: 2, dwellings: 2, tags: 3 } });
    expect(await tableCounts(t)).toEqual(before);
  });

  it('a sheet with 5 bad rows imports nothing and reports all 5, with row and column in Chinese', async () => {
    const rows = good();
    rows.push(
      [grid.name, '陈', id('41010519880808106').slice(0, 17) + 'Y', '', '', '', '', '', '', '', '', ''], // row 7: bad check char
      ['不存在的网格', '黄磊', id('41010519880808107'), '', '', '', '', '', '', '', '', ''], // row 8: unknown grid
      [grid.name, '孙建国', id('41010519620304101'), '', '', '', '', '', '', '', '', ''], // row 9: same ID as row 2
      [grid.name, '何静', id('41010519900202108'), '1234', '', '', '', '', '', '', '', ''], // row 10: bad phone
      [grid.name, '吕强', id('41010519900303109'), '', '流动人口', '2026-02-30', '', '', '', '', '', ''], // row 11: impossible date
    );
    const before = await tableCounts(t);
    const dry = (await upload(worker, sheet(rows), 'dryRun=true')).json();
    expect(dry.problems.map((p: { row: number; column: string }) => [p.row, p.column])).toEqual([
      [7, '证件号码'],
      [8, '所属网格'],
      [9, '证件号码'],
      [10, '联系电话'],
      [11, '居住证有效期至'],
    ]);
    expect(dry.problems[2].message).toBe('第9行「证件号码」：与第2行的证件号码重复');
    const real = await upload(worker, sheet(rows), 'dryRun=false');
    expect(real.statusCode).toBe(400);
    expect(real.json().error).toMatchObject({ code: 'IMPORT_REJECTED', message: '发现 5 处问题，未导入任何数据' });
    expect(real.json().error.details.problems).toHaveLength(5);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('imports all rows at once: persons, dwellings, households with their heads, tags', async () => {
    const res = await upload(worker, sheet(good()), 'dryRun=false');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toEqual({ persons: 5, households: 2, dwellings: 2, tags: 3 });
    const sun = (await worker.get('/api/register/persons?q=sjg')).json().items[0];
    expect(sun).toMatchObject({ name: '孙建国', dwellingAddress: expect.stringContaining('1单元301室') });
    expect(sun.tags.map((x: { key: string }) => x.key)).toContain('veteran');
    const detail = (await worker.get(`/api/register/persons/${sun.id}`)).json();
    expect(detail.households).toEqual([expect.objectContaining({ relation: 'self', isHead: true })]);
    const liu = (await worker.get('/api/register/persons?q=lgz')).json().items[0];
    expect(liu.tags).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'released_prisoner', managementLevel: 'normal' })]));
  });

  it('importing the same sheet again finds every ID number already registered', async () => {
    const dry = (await upload(worker, sheet(good()), 'dryRun=true')).json();
    expect(dry.problems).toHaveLength(5);
    expect(dry.problems.every((p: { zh: string }) => p.zh.startsWith('该证件号码已登记'))).toBe(true);
  });

  it('a grid outside the caller’s scope reads like one that does not exist', async () => {
    const outside = (await upload(worker, sheet([[otherGridName, '钱多多', id('41010519850505110'), '', '', '', '', '', '', '', '', '']]), 'dryRun=true')).json();
    const missing = (await upload(worker, sheet([['火星网格', '钱多多', id('41010519850505110'), '', '', '', '', '', '', '', '', '']]), 'dryRun=true')).json();
    expect(outside.problems[0].zh.replace(otherGridName, 'X')).toBe(missing.problems[0].zh.replace('火星网格', 'X'));
  });

  it('refuses what is not an .xlsx, and a missing header, with nothing written', async () => {
    const before = await tableCounts(t);
    const junk = await upload(worker, Buffer.from('姓名,证件号码\n张三,1'), 'dryRun=false');
    expect(junk.statusCode).toBe(400);
    expect(junk.json().error.code).toBe('NOT_XLSX');
    const noHeader = Buffer.from(writeXlsx([{ name: 's', columns: [{ header: '姓名' }], rows: [['张三']] }]));
    const res = (await upload(worker, noHeader, 'dryRun=true')).json();
    expect(res.problems[0]).toMatchObject({ row: 1, column: null });
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe('importing city components', () => {
  it('locates each component to its grid and numbers it, or reports the rows it cannot', async () => {
    const columns = ['部件类别代码', '名称', '经度', '纬度', '状态'].map((header) => ({ header, text: true }));
    const file = (rows: string[][]) => Buffer.from(writeXlsx([{ name: '城市部件登记表', columns, rows }]));
    const upload = (body: Buffer, dryRun: boolean) => worker.request('POST', `/api/register/ledgers/components/import?rootId=${communityId}&dryRun=${dryRun}`, body, { 'content-type': XLSX });
    const bad = (await upload(file([['99999', '不明设施', String(point.lng), String(point.lat), '完好'], ['01001', '井盖', '116.40', '39.90', '完好']]), true)).json();
    expect(bad.problems.map((x: { row: number; column: string }) => [x.row, x.column])).toEqual([[2, '部件类别代码'], [3, '经度']]);
    const good = await upload(file([['01001', '供水井盖', String(point.lng), String(point.lat), '完好'], ['01001', '供水井盖', String(point.lng), String(point.lat), '损坏']]), false);
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json().created).toEqual({ components: 2 });
    const list = (await worker.get(`/api/register/components?orgUnitId=${communityId}&categoryCode=01001`)).json().items;
    const codes = list.map((c: { code: string }) => c.code).sort();
    expect(codes).toHaveLength(2);
    expect(codes[0]).toMatch(/^41010501001\d{6}$/);
    expect(Number(codes[1].slice(-6)) - Number(codes[0].slice(-6))).toBe(1);
  });
});

describe('exporting', () => {
  it('exports the filtered list with masked numbers; plain numbers need the reveal permission and are audited', async () => {
    const res = await worker.get(`/api/register/ledgers/persons/export?orgUnitId=${communityId}&q=sjg`);
    expect(res.statusCode).toBe(200);
    const [s] = readXlsx(new Uint8Array(res.rawPayload));
    expect(s!.rows).toHaveLength(2);
    const row = s!.rows[1]!.cells;
    expect(row[1]).toBe('孙建国');
    expect(row[3]).toBe(id('41010519620304101').slice(0, 6) + '********' + id('41010519620304101').slice(14));
    expect(row[4]).toBe('139****6621');
    const plain = await worker.get(`/api/register/ledgers/persons/export?orgUnitId=${communityId}&q=sjg&plain=true`);
    expect(readXlsx(new Uint8Array(plain.rawPayload))[0]!.rows[1]!.cells[3]).toBe(id('41010519620304101'));
    const proxy = (await clientFor(t, { roles: ['proxy_agent'], nodeCodes: ['410105002012'] })).client;
    expect((await proxy.get(`/api/register/ledgers/persons/export?orgUnitId=${communityId}&plain=true`)).statusCode).toBe(403);
    const admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
    const audit = (await admin.get('/api/audit?action=register.export_plain')).json().items;
    expect(audit[0].after).toMatchObject({ entity: 'persons', rows: 1 });
    // The masked export is audited too: every export says who took which rows out.
    const exports = (await admin.get('/api/audit?action=register.export')).json().items as { action: string; after: unknown }[];
    expect(exports.find((e) => e.action === 'register.export')?.after).toMatchObject({ entity: 'persons', rows: 1, filter: { plain: false } });
  });

  it('exports dwellings as a sheet that imports back as already registered', async () => {
    const res = await worker.get(`/api/register/ledgers/dwellings/export?orgUnitId=${communityId}`);
    const rows = readXlsx(new Uint8Array(res.rawPayload))[0]!.rows;
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const back = await worker.request('POST', `/api/register/ledgers/dwellings/import?rootId=${communityId}&dryRun=true`, Buffer.from(res.rawPayload), { 'content-type': XLSX });
    expect(back.json().problems.every((p: { zh: string }) => p.zh === '该房屋已登记')).toBe(true);
  });
});
