// The proxy-service catalogue (代办事项目录): staff read it, a deployment-wide administrator adds,
// edits and retires items (audited), fills it from Excel with the register's row-by-row report —
// nothing written while a row is wrong — and exports it in the template's columns. The demo
// street's catalogue goes in through the same writer.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx, writeXlsx } from '../../../../core/src/xlsx/index.js';
import { DEMO_PROXY_CATALOGUE } from '../../seed/proxy-catalogue.js';
import { clientFor, startTestApp, type Client, type TestApp } from '../../../test/harness.js';
import { upsertItems } from './index.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['事项编码', '事项名称', '服务方式', '办理时限（工作日）', '承办部门', '办理窗口', '材料清单', '收费标准', '设定依据'];
const sheet = (rows: string[][], header = HEADER) => Buffer.from(writeXlsx([{ name: '代办事项目录', columns: header.map((h) => ({ header: h, text: true })), rows }]));

let t: TestApp;
let admin: Client;
let proxyAgent: Client;
let handler: Client;
let streetAdmin: Client;

const unemployment = {
  code: '05-00209-000-01',
  name: '失业保险金申领',
  helpLevel: 'full',
  timeLimitDays: 1,
  department: '金水区社会保险中心',
  serviceWindow: '花园路街道党群服务中心 就业社保窗口',
  materials: [
    { name: '居民身份证', form: 'both', copies: 1 },
    { name: '代办委托书', form: 'original', copies: 1, note: '由代办员带上门签字' },
  ],
  fees: '不收费',
  legalBasis: '《就业服务与就业管理规定》',
};

const itemCount = async () => Number(((await t.database.db.execute(sql`select count(*)::int as n from proxy_items`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);
const auditCount = async (action: string) => Number(((await t.database.db.execute(sql`select count(*)::int as n from audit_log where action = ${action}`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);

beforeAll(async () => {
  t = await startTestApp();
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  proxyAgent = (await clientFor(t, { roles: ['proxy_agent'], nodeCodes: ['410105002001'] })).client;
  handler = (await clientFor(t, { roles: ['dept_handler'] })).client;
  streetAdmin = (await clientFor(t, { roles: ['admin'], nodeCodes: ['410105002'] })).client;
});
afterAll(() => t.close());

describe('the catalogue by hand', () => {
  let id: number;

  it('an administrator adds an item; its code is stored as 12 digits and printed with dashes; the change is audited', async () => {
    const res = await admin.post('/api/proxy/items', unemployment);
    expect(res.statusCode, res.body).toBe(201);
    const item = res.json();
    id = item.id;
    expect(item).toMatchObject({ code: '050020900001', codeText: '05-00209-000-01', name: '失业保险金申领', helpLevel: 'full', status: 'active' });
    expect(item.materials).toHaveLength(2);
    expect(await auditCount('proxy.item_create')).toBe(1);
  });

  it('the same code again is a conflict, a code of the wrong shape or kind a 400, and neither writes', async () => {
    const before = await itemCount();
    const again = await admin.post('/api/proxy/items', { ...unemployment, code: '050020900001', name: '失业保险金申领（重复）' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ITEM_CODE_TAKEN');
    const badKind = await admin.post('/api/proxy/items', { ...unemployment, code: '99-00209-000-01' });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.code).toBe('BAD_ITEM_CODE');
    expect((await admin.post('/api/proxy/items', { ...unemployment, code: '05-0020-000-01' })).statusCode).toBe(400);
    expect((await admin.post('/api/proxy/items', { ...unemployment, code: '12-00301-000-01', materials: [] })).statusCode).toBe(400);
    expect((await admin.post('/api/proxy/items', { ...unemployment, code: '12-00301-000-01', timeLimitDays: 0 })).statusCode).toBe(400);
    expect(await itemCount()).toBe(before);
  });

  it('staff read the catalogue and search it by name, code or department', async () => {
    for (const c of [proxyAgent, handler]) {
      const list = await c.get('/api/proxy/items?q=失业保险金');
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items.map((i: { name: string }) => i.name)).toEqual(['失业保险金申领']);
    }
    expect((await proxyAgent.get('/api/proxy/items?q=05-00209')).json().total).toBe(1);
    expect((await proxyAgent.get('/api/proxy/items?q=社会保险中心')).json().total).toBe(1);
    expect((await proxyAgent.get(`/api/proxy/items/${id}`)).json().name).toBe('失业保险金申领');
    expect((await proxyAgent.get('/api/proxy/items/999999')).statusCode).toBe(404);
  });

  it('only a deployment-wide administrator changes it: a proxy agent gets 403, a street administrator DEPLOYMENT_ADMIN_ONLY', async () => {
    expect((await proxyAgent.patch(`/api/proxy/items/${id}`, { name: '改名' })).statusCode).toBe(403);
    const street = await streetAdmin.patch(`/api/proxy/items/${id}`, { name: '改名' });
    expect(street.statusCode).toBe(403);
    expect(street.json().error.code).toBe('DEPLOYMENT_ADMIN_ONLY');
    expect((await proxyAgent.get(`/api/proxy/items/${id}`)).json().name).toBe('失业保险金申领');
  });

  it('editing keeps the code; retiring hides the item from the default list but keeps it readable', async () => {
    const edited = await admin.patch(`/api/proxy/items/${id}`, { timeLimitDays: 2, serviceWindow: null });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ code: '050020900001', timeLimitDays: 2, serviceWindow: null });
    expect((await admin.patch(`/api/proxy/items/${id}`, {})).statusCode).toBe(400);
    expect((await admin.patch(`/api/proxy/items/${id}`, { code: '050020900002' })).statusCode).toBe(400);
    expect((await admin.patch(`/api/proxy/items/${id}`, { status: 'retired' })).json().status).toBe('retired');
    expect((await proxyAgent.get('/api/proxy/items?q=失业保险金')).json().total).toBe(0);
    expect((await proxyAgent.get('/api/proxy/items?q=失业保险金&status=all')).json().total).toBe(1);
    expect((await proxyAgent.get(`/api/proxy/items/${id}`)).json().status).toBe('retired');
    expect(await auditCount('proxy.item_retire')).toBe(1);
    expect((await admin.patch(`/api/proxy/items/${id}`, { status: 'active' })).json().status).toBe('active');
  });
});

describe('the catalogue from Excel', () => {
  const upload = (c: Client, body: Buffer, dryRun: boolean) => c.request('POST', `/api/proxy/items/import?dryRun=${dryRun}`, body, { 'content-type': XLSX });
  const good = [
    ['11-00111-000-01', '居住证补领', '环节帮办', '15', '郑州市公安局金水分局', '花园路派出所 户籍窗口', '居民身份证（原件及复印件）；一寸照片（原件 2份，近期免冠）', '不收费', '《居住证暂行条例》'],
    ['05-00411-000-01', '百岁老人长寿补贴申领', '全程代办', '20', '金水区民政局', '', '居民身份证（原件及复印件）；居民户口簿；本人银行卡或存折（复印件）', '不收费', ''],
  ];

  it('the template has the catalogue columns and a notes sheet', async () => {
    const res = await proxyAgent.get('/api/proxy/items/template');
    expect(res.statusCode).toBe(200);
    const [first, notes] = readXlsx(new Uint8Array(res.rawPayload));
    expect(first!.rows[0]!.cells.map((c) => c.replace('*', ''))).toEqual(HEADER);
    expect(notes!.name).toBe('填写说明');
  });

  it('a sheet with bad rows writes nothing and reports each problem by row and column in Chinese', async () => {
    const before = await itemCount();
    const bad = [
      ...good,
      ['11-00111-000-01', '居住证补领（重复）', '全程代办', '15', '郑州市公安局金水分局', '', '居民身份证', '', ''],
      ['1100', '结婚登记', '陪同', '0', '', '', '', '', ''],
    ];
    for (const dryRun of [true, false]) {
      const res = await upload(admin, sheet(bad), dryRun);
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json();
      expect(report.created).toBe(0);
      const messages = report.problems.map((p: { message: string }) => p.message);
      expect(messages).toContain('第4行「事项编码」：与第2行的事项编码重复');
      expect(messages.some((m: string) => m.startsWith('第5行「事项编码」：「1100」不是12位事项编码'))).toBe(true);
      expect(messages.some((m: string) => m.startsWith('第5行「服务方式」：「陪同」不是可选值'))).toBe(true);
      expect(messages).toContain('第5行「承办部门」：必填，不能为空');
      expect(messages).toContain('第5行「材料清单」：必填，不能为空');
      expect(messages.some((m: string) => m.startsWith('第5行「办理时限（工作日）」'))).toBe(true);
    }
    expect(await itemCount()).toBe(before);
  });

  it('a clean sheet: the dry run counts and writes nothing, the import writes every row; known codes are updated', async () => {
    const before = await itemCount();
    const importsBefore = await auditCount('proxy.item_import');
    const dry = (await upload(admin, sheet(good), true)).json();
    expect(dry).toMatchObject({ dryRun: true, rows: 2, problems: [], created: 2, updated: 0 });
    expect(await itemCount()).toBe(before);
    const done = (await upload(admin, sheet(good), false)).json();
    expect(done).toMatchObject({ dryRun: false, rows: 2, problems: [], created: 2, updated: 0 });
    expect(await itemCount()).toBe(before + 2);
    const elderly = (await proxyAgent.get('/api/proxy/items?q=长寿补贴')).json().items[0];
    expect(elderly.materials).toEqual([
      { name: '居民身份证', form: 'both', copies: 1 },
      { name: '居民户口簿', form: 'original', copies: 1 },
      { name: '本人银行卡或存折', form: 'copy', copies: 1 },
    ]);
    expect(elderly.serviceWindow).toBeNull();
    const changed = [good[0]!.map((c, i) => (i === 3 ? '10' : c))];
    expect((await upload(admin, sheet(changed), false)).json()).toMatchObject({ created: 0, updated: 1 });
    expect((await proxyAgent.get('/api/proxy/items?q=居住证补领')).json().items[0].timeLimitDays).toBe(10);
    expect(await auditCount('proxy.item_import')).toBe(importsBefore + 2);
  });

  it('English headers in another order are read too; a missing required column is named', async () => {
    const en = ['Name', 'Code', 'Help level', 'Time limit (working days)', 'Department', 'Materials'];
    const res = (await upload(admin, sheet([['补办结婚登记', '07-00418-000-01', '现场导办', '1', '金水区民政局', '双方居民身份证；双方居民户口簿']], en), true)).json();
    expect(res).toMatchObject({ problems: [], created: 1 });
    const missing = (await upload(admin, sheet([['结婚登记']], ['事项名称']), true)).json();
    expect(missing.problems[0].message).toMatch(/^第1行：表头缺少必填列：事项编码、服务方式/);
  });

  it('only a deployment-wide administrator imports; not a spreadsheet is a 400', async () => {
    expect((await upload(proxyAgent, sheet(good), true)).statusCode).toBe(403);
    expect((await upload(streetAdmin, sheet(good), true)).statusCode).toBe(403);
    const junk = await upload(admin, Buffer.from('居民身份证'), true);
    expect(junk.statusCode).toBe(400);
    expect(junk.json().error.code).toBe('NOT_XLSX');
  });

  it('the export has the template columns and goes back in unchanged', async () => {
    const res = await proxyAgent.get('/api/proxy/items/export');
    expect(res.statusCode).toBe(200);
    const [first] = readXlsx(new Uint8Array(res.rawPayload));
    const rows = first!.rows.map((r) => r.cells);
    expect(rows[0]!.map((c) => c.replace('*', ''))).toEqual(HEADER);
    const back = (await upload(admin, sheet(rows.slice(1)), true)).json();
    expect(back.problems).toEqual([]);
    expect(back.created).toBe(0);
    expect(back.updated).toBe(rows.length - 1);
  });
});

describe('the demo street’s catalogue', () => {
  it('has about forty items with valid codes and checklists, and goes in through the same writer twice without duplicates', async () => {
    expect(DEMO_PROXY_CATALOGUE.length).toBeGreaterThanOrEqual(40);
    expect(new Set(DEMO_PROXY_CATALOGUE.map((i) => i.code)).size).toBe(DEMO_PROXY_CATALOGUE.length);
    for (const name of ['居住证申领', '失业登记', '退休人员领取养老金资格认证', '城乡居民基本医疗保险参保登记', '高龄津贴申领', '残疾人证申领', '大病救助（医疗救助）申请', '廉租住房（公租房）租赁补贴申请']) {
      expect(DEMO_PROXY_CATALOGUE.map((i) => i.name)).toContain(name);
    }
    // The test database is made from the seeded demo street: the catalogue is there, and writing it again adds nothing.
    expect((await proxyAgent.get('/api/proxy/items?q=残疾人证申领')).json().items[0]).toMatchObject({ codeText: '07-00501-000-01', helpLevel: 'partial', timeLimitDays: 30 });
    const again = await t.database.db.transaction((tx) => upsertItems(tx, DEMO_PROXY_CATALOGUE, null));
    expect(again).toEqual({ created: 0, updated: DEMO_PROXY_CATALOGUE.length });
  });
});
