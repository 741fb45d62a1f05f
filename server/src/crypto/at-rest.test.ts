// The database files alone do not reveal ID or phone numbers: a file-backed PGlite is written
// through the real services (a person, an Excel import, a shop), closed, and every file under its
// data folder is searched for the plain numbers. The name, stored in the clear, is found — so the
// search itself works.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { mod11_2CheckChar } from '../../../core/src/register/id-card.js';
import { writeXlsx } from '../../../core/src/xlsx/index.js';
import { systemActor } from '../actor.js';
import { openDatabase } from '../db/client.js';
import { ensureConfiguration } from '../seed/demo.js';
import { importLedger } from '../modules/ledger/import.js';
import { createPerson } from '../modules/register/service.js';
import { insertNode } from '../modules/territory/repo.js';
import { createFieldCrypto } from './field-crypto.js';

const id = (first17: string) => first17 + mod11_2CheckChar(first17);
const PERSON = { name: '张美荣', documentNumber: id('41010519550312002'), phone: '13838206721' };
const IMPORTED = { name: '欧阳明远', documentNumber: id('41010519781103401'), phone: '15937101188' };

/** Every file under a folder, and whether any contains the text (UTF-8). */
function filesContain(dir: string, text: string): boolean {
  const needle = Buffer.from(text, 'utf8');
  const walk = (d: string): boolean =>
    fs.readdirSync(d, { withFileTypes: true }).some((e) => {
      const p = path.join(d, e.name);
      return e.isDirectory() ? walk(p) : fs.readFileSync(p).includes(needle);
    });
  return walk(dir);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicgrid-at-rest-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.env.TEST_ENGINE === 'postgres')('personal data at rest', () => {
  it('leaves no plain ID or phone number in the database files', async () => {
    const database = await openDatabase({ dataDir: dir });
    await database.migrate();
    await ensureConfiguration(database.db);
    const grid = await insertNode(database.db, null, { name: '通信花园社区第一网格', level: 3, code: '410105002012001', divisionCode: null, sortOrder: 0 });
    const deps = { db: database.db, crypto: createFieldCrypto(randomBytes(32)), timeZone: 'Asia/Shanghai' };
    await createPerson(deps, systemActor(), { orgUnitId: grid.id, ...PERSON });
    const sheet = writeXlsx([
      { name: '实有人口登记表', columns: ['所属网格', '姓名', '证件号码', '联系电话'].map((header) => ({ header, text: true })), rows: [[grid.name, IMPORTED.name, IMPORTED.documentNumber, IMPORTED.phone]] },
    ]);
    const report = await importLedger(deps, systemActor(), 'persons', { rootId: grid.id, dryRun: false, data: sheet });
    expect(report.created.persons).toBe(1);
    await database.db.execute((await import('drizzle-orm')).sql`checkpoint`);
    await database.close();

    expect(filesContain(dir, PERSON.name)).toBe(true);
    expect(filesContain(dir, IMPORTED.name)).toBe(true);
    for (const secret of [PERSON.documentNumber, PERSON.phone, IMPORTED.documentNumber, IMPORTED.phone, PERSON.documentNumber.slice(6, 14) + PERSON.documentNumber.slice(14)]) {
      expect(filesContain(dir, secret), secret).toBe(false);
    }
  });
});
