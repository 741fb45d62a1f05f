import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDocument } from '../../../core/src/register/documents.js';
import { parseIdCard } from '../../../core/src/register/id-card.js';
import { pinyinKeys } from '../../../core/src/register/pinyin.js';
import { clientFor, startTestApp, type TestApp } from '../../test/harness.js';
import { seedDemoRegister } from './demo-register.js';

const TODAY = '2026-11-24';

type PersonRow = {
  id: number;
  name: string;
  name_initials: string;
  name_full: string;
  document_type: string;
  document_enc: string;
  document_hash: string;
  document_suffix4: string;
  document_suffix6: string;
  gender: string | null;
  birth_date: string | null;
  phone_enc: string | null;
  phone_hash: string | null;
  residence_status: string;
  residence_until: string | null;
};

const rows = async <T>(t: TestApp, query: ReturnType<typeof sql>) => ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;

let t: TestApp;
let persons: PersonRow[];
beforeAll(async () => {
  t = await startTestApp();
  const counts = await seedDemoRegister(t.database.db, t.crypto, { persons: 200, today: TODAY });
  expect(counts.persons).toBe(200);
  persons = await rows<PersonRow>(t, sql`select * from persons order by id`);
});
afterAll(() => t.close());

describe('register generator', () => {
  it('writes valid documents whose gender and birth date agree with the record, sealed like createPerson', () => {
    expect(persons).toHaveLength(200);
    for (const p of persons) {
      const doc = t.crypto.decrypt(p.document_enc);
      const valid = validateDocument(p.document_type, doc, TODAY);
      expect(valid.ok, `${p.name} ${p.document_type}`).toBe(true);
      if (p.document_type === 'id_card') {
        const id = parseIdCard(doc, TODAY);
        expect(id.ok).toBe(true);
        if (id.ok) expect([p.gender, p.birth_date]).toEqual([id.gender, id.birthDate]);
      }
      expect(p.document_hash).toBe(t.crypto.hash(doc));
      expect(p.document_suffix4).toBe(t.crypto.hashSuffix(doc, 4));
      expect(p.document_suffix6).toBe(t.crypto.hashSuffix(doc, 6));
      expect(p.name_initials).toBe(pinyinKeys(p.name).initials);
      if (p.phone_enc) {
        const phone = t.crypto.decrypt(p.phone_enc);
        expect(phone).toMatch(/^1[3-9]\d{9}$/);
        expect(p.phone_hash).toBe(t.crypto.hash(phone));
      }
    }
    const statuses = new Set(persons.map((p) => p.residence_status));
    expect(statuses.has('registered') && statuses.has('migrant')).toBe(true);
  });

  it('keeps plain ID and phone numbers out of the persons table', () => {
    const dump = JSON.stringify(persons);
    for (const p of persons) {
      expect(dump).not.toContain(t.crypto.decrypt(p.document_enc));
      if (p.phone_enc) expect(dump).not.toContain(t.crypto.decrypt(p.phone_enc));
    }
  });

  it('gives every household exactly one head, who exists and is its head person', async () => {
    const households = await rows<{ id: number; head_person_id: number; heads: number; head_id: number | null; members: number }>(
      t,
      sql`select h.id, h.head_person_id, count(*) filter (where m.relation = 'self')::int as heads,
            min(m.person_id) filter (where m.relation = 'self') as head_id, count(m.id)::int as members
          from households h left join household_members m on m.household_id = h.id group by h.id`,
    );
    expect(households.length).toBeGreaterThan(50);
    const ids = new Set(persons.map((p) => p.id));
    for (const h of households) {
      expect(h.heads, `household ${h.id}`).toBe(1);
      expect(h.head_id).toBe(h.head_person_id);
      expect(ids.has(h.head_person_id)).toBe(true);
      expect(h.members).toBeGreaterThanOrEqual(1);
      expect(h.members).toBeLessThanOrEqual(5);
    }
    const [unplaced] = await rows<{ n: number }>(t, sql`select count(*)::int as n from persons where dwelling_id is null`);
    expect(unplaced!.n).toBe(0);
  });

  it('seeds the memorable demo residents, found by pinyin initials through the search box', async () => {
    // Memorable residents carry sequence numbers 900–999, which the generator never draws.
    const memorable = persons.filter((p) => p.document_type === 'id_card' && Number(t.crypto.decrypt(p.document_enc).slice(14, 17)) >= 900);
    expect(memorable).toHaveLength(11);
    const byName = (name: string) => memorable.find((p) => p.name === name)!;
    expect(byName('张美荣')).toMatchObject({ name_initials: 'zmr', gender: 'female', birth_date: '1955-03-12' });
    expect(byName('单晓峰').name_initials).toBe('sxf');
    expect(byName('曾国华').name_initials).toBe('zgh');
    expect(byName('李志强')).toMatchObject({ residence_status: 'migrant', residence_until: '2026-12-14' });
    const fact = async (name: string) => {
      const [row] = await rows<{ size: number; tags: string | null; tenant: number }>(
        t,
        sql`select (select count(*)::int from household_members x where x.household_id = m.household_id) as size,
              (select string_agg(tag_key || coalesce(':' || management_level, ''), ',' order by tag_key) from person_tags g where g.person_id = m.person_id) as tags,
              (select count(*)::int from rental_tenants r where r.person_id = m.person_id) as tenant
            from household_members m where m.person_id = ${byName(name).id}`,
      );
      return row!;
    };
    expect(await fact('张美荣')).toMatchObject({ size: 3, tags: expect.stringContaining('chronic_illness') });
    expect(await fact('王秀英')).toMatchObject({ size: 1, tags: expect.stringContaining('elderly_alone') });
    expect(await fact('孙建军')).toMatchObject({ tags: expect.stringContaining('released_prisoner:key') });
    expect(await fact('李志强')).toMatchObject({ tenant: 1 });

    const { client } = await clientFor(t, { roles: ['admin'], scopeAll: true });
    const res = await client.get('/api/register/search?q=zmr');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().persons.items.map((p: { name: string }) => p.name)).toContain('张美荣');
  });

  it('draws the same register for the same seed', async () => {
    const other = await startTestApp();
    try {
      await seedDemoRegister(other.database.db, other.crypto, { persons: 200, today: TODAY });
      const again = await rows<PersonRow>(other, sql`select * from persons order by id`);
      const summary = (list: PersonRow[], crypto: TestApp['crypto']) => list.map((p) => [p.id, p.name, crypto.decrypt(p.document_enc), p.birth_date, p.residence_status]);
      expect(summary(again, other.crypto)).toEqual(summary(persons, t.crypto));
      const addresses = async (x: TestApp) => (await rows<{ address: string }>(x, sql`select address from dwellings order by id`)).map((d) => d.address);
      expect(await addresses(other)).toEqual(await addresses(t));
    } finally {
      await other.close();
    }
  });
});
