// Test harness: a fresh copy of the seeded database per test file, the real app via inject(),
// and factories for users and signed-in clients (STYLE.md §8).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../src/app.js';
import { createFieldCrypto, type FieldCrypto } from '../src/crypto/field-crypto.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { createFsFileStore, type FileStore } from '../src/storage/file-store.js';
import { hashPassword } from '../src/modules/auth/password.js';
import * as userRepo from '../src/modules/users/repo.js';
import { findActiveByCode } from '../src/modules/territory/repo.js';
import { withDatabase } from './global-setup.js';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  crypto: FieldCrypto;
  /** The app's file store, in a temporary folder of its own (removed by close()). */
  files: FileStore;
  filesRoot: string;
  close(): Promise<void>;
}

async function openCopy(): Promise<{ database: Database; url?: string; drop: () => Promise<void> }> {
  if (process.env.TEST_ENGINE === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `civicgrid_test_${randomBytes(6).toString('hex')}`;
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplateDb')}`);
    const database = await openDatabase({ databaseUrl: withDatabase(url, name) });
    return {
      database,
      url: withDatabase(url, name),
      drop: async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const blob = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
  return { database: await openDatabase({ loadDataDir: blob }), drop: async () => undefined };
}

/** One app over a database as the tests start it (the field key and file store given, logs quiet unless TEST_LOG). */
async function buildTestApp(database: Database, crypto: FieldCrypto, files: FileStore, options: Partial<AppOptions>) {
  const app = await buildApp({ db: database.db, engine: database.engine, poolStats: database.poolStats, files, logger: process.env.TEST_LOG ? { level: 'error' } : false, ...options, fieldCrypto: crypto });
  await app.ready();
  return app;
}

/** A test app on its own copy of the template database; `options` adds app options (e.g. trustProxy). */
export async function startTestApp(options: Partial<AppOptions> = {}): Promise<TestApp> {
  const { database, drop } = await openCopy();
  // A test that needs the raw key (backup and restore) passes its own fieldCrypto.
  const crypto = options.fieldCrypto ?? createFieldCrypto(randomBytes(32));
  const filesRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-files-'));
  const files = createFsFileStore(filesRoot);
  const app = await buildTestApp(database, crypto, files, options);
  return {
    app,
    database,
    crypto,
    files,
    filesRoot,
    close: async () => {
      await app.close();
      await database.close();
      await drop();
      fs.rmSync(filesRoot, { recursive: true, force: true });
    },
  };
}

/**
 * `count` app instances on ONE PostgreSQL database, each with its own pool (as several servers
 * would be), sharing the field key and the file folder as a deployment's instances do.
 */
export async function startTestInstances(count: number, options: Partial<AppOptions> = {}): Promise<{ instances: TestApp[]; close(): Promise<void> }> {
  const { database: first, url, drop } = await openCopy();
  if (!url) throw new Error('several instances need PostgreSQL (TEST_ENGINE=postgres)');
  const crypto = createFieldCrypto(randomBytes(32));
  const filesRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-files-'));
  const files = createFsFileStore(filesRoot);
  const instances: TestApp[] = [];
  for (let i = 0; i < count; i++) {
    const database = i === 0 ? first : await openDatabase({ databaseUrl: url });
    const app = await buildTestApp(database, crypto, files, options);
    instances.push({
      app,
      database,
      crypto,
      files,
      filesRoot,
      close: async () => {
        await app.close();
        await database.close();
      },
    });
  }
  return {
    instances,
    close: async () => {
      for (const t of instances) await t.close();
      await drop();
      fs.rmSync(filesRoot, { recursive: true, force: true });
    },
  };
}

export const TEST_PASSWORD = 'Wangge2026test';
let hashed: Promise<string> | null = null;
let seq = 0;

export interface UserSpec {
  roles: string[];
  /** Territory node codes the user is bound to (e.g. '410105002012' 通信花园社区). */
  nodeCodes?: string[];
  departmentIds?: number[];
  scopeAll?: boolean;
  mustChangePassword?: boolean;
}

/** Inserts a user who can sign in with TEST_PASSWORD. */
export async function buildUser(t: TestApp, spec: UserSpec) {
  hashed ??= hashPassword(TEST_PASSWORD);
  const db = t.database.db;
  const username = `${spec.roles[0]!.replace(/_/g, '')}${++seq}${randomBytes(2).toString('hex')}`;
  const user = await userRepo.insertUser(db, {
    username,
    displayName: '测试' + ['张伟', '王芳', '李娜', '刘洋', '陈杰'][seq % 5],
    roles: spec.roles,
    scopeAll: spec.scopeAll ?? false,
    passwordHash: await hashed,
    mustChangePassword: spec.mustChangePassword ?? false,
  });
  const nodeIds: number[] = [];
  for (const code of spec.nodeCodes ?? []) nodeIds.push((await nodeByCode(t, code)).id);
  await userRepo.replaceScopes(db, user.id, nodeIds, spec.departmentIds ?? []);
  return user;
}

export async function nodeByCode(t: TestApp, code: string) {
  const node = await findActiveByCode(t.database.db, code);
  if (!node) throw new Error(`no node ${code}`);
  return node;
}

export interface Client {
  csrf: string;
  cookie: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export async function signIn(t: TestApp, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const session = res.cookies.find((c) => c.name === 'cg_session')!.value;
  const csrf = res.json().csrfToken as string;
  const cookie = `cg_session=${session}`;
  const request: Client['request'] = (method, url, body, headers = {}) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: { cookie, 'x-csrf-token': csrf, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    csrf,
    cookie,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body),
    put: (url, body) => request('PUT', url, body),
    delete: (url) => request('DELETE', url),
  };
}

/** A signed-in client for a fresh user with these roles and scope. */
export async function clientFor(t: TestApp, spec: UserSpec) {
  const user = await buildUser(t, spec);
  return { user, client: await signIn(t, user.username) };
}

/** Row counts of the tables a failed request must not touch. */
export async function tableCounts(t: TestApp) {
  const { sql } = await import('drizzle-orm');
  const r = (await t.database.db.execute(sql`select
    (select count(*)::int from org_units) as org_units,
    (select count(*)::int from users) as users,
    (select count(*)::int from departments) as departments,
    (select count(*)::int from audit_log) as audit_log,
    (select count(*)::int from territory_levels) as levels,
    (select count(*)::int from persons) as persons,
    (select count(*)::int from person_tags) as person_tags,
    (select count(*)::int from dwellings) as dwellings,
    (select count(*)::int from households) as households,
    (select count(*)::int from household_members) as household_members,
    (select count(*)::int from rentals) as rentals,
    (select count(*)::int from rental_tenants) as rental_tenants,
    (select count(*)::int from places) as places,
    (select count(*)::int from components) as components,
    (select count(*)::int from visits) as visits,
    (select count(*)::int from visit_reminders) as visit_reminders,
    (select count(*)::int from cases) as cases,
    (select count(*)::int from case_events) as case_events,
    (select count(*)::int from case_photos) as case_photos,
    (select count(*)::int from case_photos where case_id is not null) as case_photos_attached,
    (select count(*)::int from case_followers) as case_followers,
    (select count(*)::int from case_extensions) as case_extensions,
    (select count(*)::int from case_coordination) as case_coordination,
    (select coalesce(sum(last), 0)::int from case_counters) as case_numbers,
    (select count(*)::int from notifications) as notifications,
    (select count(*)::int from webhook_deliveries) as webhook_deliveries,
    (select count(*)::int from webhooks) as webhooks,
    (select count(*)::int from diary_notes) as diary_notes,
    (select count(*)::int from patrols) as patrols,
    (select count(*)::int from patrol_points) as patrol_points,
    (select count(*)::int from idempotency_keys) as idempotency_keys`)) as unknown as { rows: Record<string, number>[] };
  return r.rows[0]!;
}
