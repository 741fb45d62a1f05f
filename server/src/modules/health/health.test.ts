// Readiness: 503 until start-up work is done, 200 after; 503 again when the database lacks a
// migration this code ships (an old backup restored under a new release).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let ready = false;

beforeAll(async () => {
  t = await startTestApp({ isReady: () => ready });
});
afterAll(() => t.close());

describe('readiness', () => {
  it('answers 503 while starting and 200 once start-up work is done; liveness answers throughout', async () => {
    const before = await t.app.inject({ url: '/health/ready' });
    expect(before.statusCode).toBe(503);
    expect(before.json()).toEqual({ status: 'starting' });
    expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
    ready = true;
    const after = await t.app.inject({ url: '/health/ready' });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ status: 'ready', db: 'ok', migrations: 'ok' });
  });

  it('answers 503 when the database lacks the newest migration of this code', async () => {
    ready = true;
    await t.database.db.execute(sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`);
    const res = await t.app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', db: 'ok', migrations: 'behind' });
    // Liveness does not depend on it: restarting the process would not help.
    expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('answers 503 when the database does not answer', async () => {
    ready = true;
    // The connection refused, without closing the database the harness drops afterwards.
    const db = t.database.db as unknown as { execute: unknown };
    const execute = db.execute;
    db.execute = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    try {
      const res = await t.app.inject({ url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', db: 'error' });
    } finally {
      db.execute = execute;
    }
  });
});
