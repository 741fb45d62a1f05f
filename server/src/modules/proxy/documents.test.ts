// The printed documents of a proxy request, read back with poppler (pdftotext, pdffonts): the
// 代办委托书 with the street's name, the masked ID number (plain for a role that may reveal it), the
// checklist and the signature drawn on the screen; the 材料交接单 of one materials step; the 办结单
// once delivered and the 终止单 once terminated (409 DOCUMENT_NOT_READY before); 404 out of scope;
// each document handed out is audited. PDF_SHOTS=<dir> keeps the files to look at.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mod11_2CheckChar } from '../../../../core/src/register/id-card.js';
import { systemActor } from '../../actor.js';
import { auditLog, gridTeamMembers } from '../../db/schema.js';
import { clientFor, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { gridsOf } from '../cases/test-factories.js';
import { createPerson } from '../register/index.js';
import { insertTeamMember } from '../geo/index.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区
const ID_BASE = '41010519460315302';
const ID_NUMBER = ID_BASE + mod11_2CheckChar(ID_BASE);

let t: TestApp;
let worker: Client;
let agent: Client;
let admin: Client;
let awayAgent: Client;
let itemId: number;
let personId: number;
let agentName: string;
const dir = process.env.PDF_SHOTS ?? mkdtempSync(path.join(tmpdir(), 'proxy-docs-'));

/** A signature-like stroke: two loops of a sine, 3 px wide. */
function signature(): string {
  const [w, h] = [360, 120];
  const image = new PNG({ width: w, height: h });
  image.data.fill(0);
  for (let x = 20; x < w - 20; x++) {
    const y = Math.round(h / 2 + 30 * Math.sin(x / 22) * Math.cos(x / 61));
    for (let dy = -1; dy <= 1; dy++) image.data.writeUInt32BE(0x1a1a2aff, ((y + dy) * w + x) * 4);
  }
  return `data:image/png;base64,${PNG.sync.write(image).toString('base64')}`;
}

function read(name: string, bytes: Buffer) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return { text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }), fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }) };
}

const doc = (c: Client, id: number, kind: string, query = '') => c.get(`/api/proxy/requests/${id}/documents/${kind}${query}`);
const step = (c: Client, id: number, action: string, body: Record<string, unknown> = {}) => c.post(`/api/proxy/requests/${id}/actions/${action}`, body);

beforeAll(async () => {
  t = await startTestApp();
  const home = await gridsOf(t, HOME);
  const grid = home.grids[0]!;
  worker = (await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [grid.code!] })).client;
  const a = await clientFor(t, { roles: ['proxy_agent'], nodeCodes: [HOME] });
  agentName = a.user.displayName;
  agent = a.client;
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  awayAgent = (await clientFor(t, { roles: ['proxy_agent'], nodeCodes: [AWAY] })).client;
  await t.database.db.delete(gridTeamMembers).where(and(eq(gridTeamMembers.orgUnitId, grid.id), eq(gridTeamMembers.role, 'proxy_agent')));
  await insertTeamMember(t.database.db, { orgUnitId: grid.id, userId: a.user.id, name: agentName, role: 'proxy_agent', sortOrder: 0 });
  const person = await createPerson({ db: t.database.db, crypto: t.crypto, timeZone: 'Asia/Shanghai' }, systemActor(), { orgUnitId: grid.id, name: '李桂英', documentNumber: ID_NUMBER, phone: '13803710266' });
  personId = person.id;
  itemId = (await agent.get('/api/proxy/items?q=高龄津贴申领')).json().items[0].id;
});
afterAll(() => t.close());

describe('proxy documents', () => {
  let id: number;
  let number: string;

  it('代办委托书: the street, the resident with a masked ID number, the item, the checklist, the signature; Noto Sans SC embedded', async () => {
    const r = (await worker.post('/api/proxy/requests', { itemId, personId, description: '老人行动不便，委托代办高龄津贴申领', signature: signature() })).json();
    id = r.id;
    number = r.number;
    const res = await doc(agent, id, 'entrust');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`代办委托书-${number}.pdf`)}`);
    expect(res.headers['content-disposition']).toMatch(/^inline;/);
    expect(res.rawPayload.length).toBeLessThan(200_000);
    const { text, fonts } = read('entrust', res.rawPayload);
    for (const s of ['花园路街道', '代办委托书', '李桂英', '410105********', '138****0266', agentName, '高龄津贴申领', '全程代办', '所需材料', '委托声明', number, ]) expect(text).toContain(s);
    expect(text).not.toContain(ID_NUMBER);
    expect(text.replace(/\s+/g, '')).toContain('第1页共1页');
    expect(fonts).toMatch(/NotoSansSC/);
    expect(fonts).toMatch(/yes\s+yes/); // embedded and subset
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'proxy.document'), eq(auditLog.entityId, String(id))));
    expect(audit!.after).toMatchObject({ kind: 'entrust', number, plainId: false });
  });

  it('a role that may reveal ID numbers gets the plain number, and the audit row says so', async () => {
    const res = await doc(admin, id, 'entrust');
    expect(read('entrust-plain', res.rawPayload).text).toContain(ID_NUMBER);
    const rows = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'proxy.document'), eq(auditLog.entityId, String(id))));
    expect(rows.map((r) => (r.after as { plainId: boolean }).plainId)).toEqual([false, true]);
  });

  it('材料交接单 of one materials step; 办结单 only once delivered (409 before)', async () => {
    expect((await doc(agent, id, 'completion')).json().error.code).toBe('DOCUMENT_NOT_READY');
    expect((await doc(agent, id, 'completion')).statusCode).toBe(409);
    expect((await doc(agent, id, 'termination')).statusCode).toBe(409);
    await step(agent, id, 'accept');
    const after = (
      await step(agent, id, 'receiveMaterials', {
        materials: [
          { name: '居民身份证', form: 'original', copies: 1, note: '核对后当场退还' },
          { name: '户口簿', form: 'copy', copies: 2 },
        ],
        note: '在李桂英家中当面清点',
      })
    ).json();
    const eventId = after.events.find((e: { action: string }) => e.action === 'receiveMaterials').id;
    expect((await doc(agent, id, 'handover')).statusCode).toBe(400);
    expect((await doc(agent, id, 'handover', `?eventId=${after.events[0].id}`)).statusCode).toBe(404); // the entrust event is no hand-over
    const res = await doc(agent, id, 'handover', `?eventId=${eventId}`);
    expect(res.statusCode).toBe(200);
    const { text } = read('handover', res.rawPayload);
    for (const s of ['材料交接单', '接收材料', '居民身份证', '原件', '户口簿', '复印件', '核对后当场退还', agentName, '当面清点']) expect(text).toContain(s);

    await step(agent, id, 'deliver', { note: '高龄津贴已核准，自次月起按月发放至老人社保卡' });
    const done = await doc(agent, id, 'completion');
    expect(done.statusCode).toBe(200);
    const completion = read('completion', done.rawPayload).text;
    for (const s of ['代办办结单', '高龄津贴已核准', '按时办结', '尚未评价']) expect(completion).toContain(s);
  });

  it('终止单 once terminated, with the materials still to return', async () => {
    const r = (await worker.post('/api/proxy/requests', { itemId, personId, description: '代办高龄津贴' })).json();
    await step(agent, r.id, 'receiveMaterials', { materials: [{ name: '户口簿', form: 'original', copies: 1 }] });
    expect((await doc(agent, r.id, 'termination')).statusCode).toBe(409);
    await step(agent, r.id, 'terminate', { reason: '老人家属已自行到社区服务中心办理' });
    const res = await doc(agent, r.id, 'termination');
    expect(res.statusCode).toBe(200);
    const { text } = read('termination', res.rawPayload);
    for (const s of ['代办终止单', '老人家属已自行到社区服务中心办理', '户口簿', '应退还材料']) expect(text).toContain(s);
    // The 委托书 of an unsigned request leaves the box to sign on paper.
    expect(read('entrust-unsigned', (await doc(agent, r.id, 'entrust')).rawPayload).text).toContain('请委托人在此签字');
  });

  it('out of scope or missing: 404 like the request, and nothing is audited', async () => {
    const before = (await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'proxy.document'))).length;
    expect((await doc(awayAgent, id, 'entrust')).statusCode).toBe(404);
    expect((await doc(agent, 2_000_000_000, 'entrust')).statusCode).toBe(404);
    expect((await doc(agent, id, 'receipt')).statusCode).toBe(400);
    expect((await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'proxy.document'))).length).toBe(before);
  });
});
