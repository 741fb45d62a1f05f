// The demo cases: made through the real services, they end up in the states planned, each with a
// timeline that starts with the report.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { seedDemoCases } from './demo-cases.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('demo cases', () => {
  it('covers every stage of the loop with real timelines', async () => {
    const made = await seedDemoCases(t.database.db, t.crypto, t.files);
    expect(made).toBe(40);
    const rows = ((await t.database.db.execute(sql`select state, count(*)::int as n from cases group by state`)) as unknown as { rows: Array<{ state: string; n: number }> }).rows;
    const byState = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    for (const state of ['reported', 'registered', 'dispatched', 'in_progress', 'handled', 'closed', 'suspended', 'rejected']) expect(byState[state], state).toBeGreaterThan(0);
    const orphans = ((await t.database.db.execute(sql`select count(*)::int as n from cases c where not exists (select 1 from case_events e where e.case_id = c.id and e.action = 'report')`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
    expect(orphans).toBe(0);
    const rated = ((await t.database.db.execute(sql`select count(*)::int as n from cases where rating is not null`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
    expect(rated).toBeGreaterThan(0);
    // The board shows a mix: open cases on time as well as late ones.
    const colours = ((await t.database.db.execute(sql`select count(*) filter (where deadline_at > now())::int as on_time, count(*) filter (where deadline_at <= now())::int as late from cases where deadline_at is not null`)) as unknown as { rows: Array<{ on_time: number; late: number }> }).rows[0]!;
    expect(colours.on_time).toBeGreaterThan(colours.late);
    expect(colours.late).toBeGreaterThan(0);
  });
});
