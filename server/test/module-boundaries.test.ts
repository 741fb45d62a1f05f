// The ESLint rules that keep the module boundaries (scripts/eslint/module-boundaries.mjs) catch what
// they are for, and leave alone what is allowed (docs/architecture.md, "Module boundaries").
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId?.startsWith('civicgrid/')).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundary lint rules', { timeout: 120_000 }, () => {
  it("refuses another module's internal file, the aggregate schema, and writes to another module's table", async () => {
    const found = await problems(
      'server/src/modules/cases/example.ts',
      [
        "import { insertDwellings } from '../housing/repo.js';",
        "import { persons } from '../../db/schema.js';",
        "import { households } from '../housing/index.js';",
        "import type { DbOrTx } from '../../db/client.js';",
        'export const f = (tx: DbOrTx) => tx.update(households).set({ kind: "family" });',
        'export { insertDwellings, persons };',
      ].join('\n'),
    );
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/module-boundaries: '..\/housing\/repo.js' is an internal file of the housing module/);
    expect(found[1]).toMatch(/module-boundaries: Only db\/, scope\/, the seed, tests and benchmarks import the aggregate schema/);
    expect(found[2]).toMatch(/no-foreign-table-writes: 'households' belongs to the housing module/);
  });

  it("allows another module's index, reading its tables, own tables, tables.ts foreign keys and schema.ts shapes", async () => {
    expect(
      await problems(
        'server/src/modules/cases/example.ts',
        [
          "import { households, leaveHousehold } from '../housing/index.js';",
          "import { cases } from './tables.js';",
          "import type { DbOrTx } from '../../db/client.js';",
          'export const f = (tx: DbOrTx) => [tx.select().from(households), tx.update(cases).set({ state: "closed" }), leaveHousehold];',
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(await problems('server/src/modules/visits/tables.ts', "import { households } from '../housing/tables.js';\nexport { households };\n")).toEqual([]);
    expect(await problems('server/src/modules/geo/schema.ts', "import { OrgUnit } from '../territory/schema.js';\nexport { OrgUnit };\n")).toEqual([]);
    // Only a schema.ts may: a service reads another module's schema through its index.
    expect(await problems('server/src/modules/geo/service.ts', "import { OrgUnit } from '../territory/schema.js';\nexport { OrgUnit };\n")).toHaveLength(1);
  });

  it('exempts tests and factories, and lets the seed read the aggregate schema', async () => {
    const deep = "import { insertDwellings } from '../housing/repo.js';\nimport { persons } from '../../db/schema.js';\nexport { insertDwellings, persons };\n";
    expect(await problems('server/src/modules/cases/example.test.ts', deep)).toEqual([]);
    expect(await problems('server/src/modules/cases/test-factories.ts', deep)).toEqual([]);
    expect(await problems('server/src/seed/example.ts', "import { persons } from '../db/schema.js';\nexport { persons };\n")).toEqual([]);
    expect(await problems('server/src/seed/example.ts', "import { insertDwellings } from '../modules/housing/repo.js';\nexport { insertDwellings };\n")).toHaveLength(1);
  });

  it('refuses a territory filter written by hand outside scope/, and allows the scope helpers and geometry', async () => {
    const byHand = [
      "import { sql } from 'drizzle-orm';",
      "export const a = (p: string) => sql`org_units.path <@ ${p}::ltree`;",
      "export const b = (p: string) => sql`${p}::ltree @> org_units.path`;",
    ].join('\n');
    const found = await problems('server/src/modules/visits/example.ts', byHand);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/territory-through-scope: A territory filter written by hand/);
    expect(await problems('server/src/seed/example.ts', byHand)).toHaveLength(2);
    expect(
      await problems(
        'server/src/modules/visits/example.ts',
        [
          "import { sql } from 'drizzle-orm';",
          "import { inScope, under } from '../../scope/index.js';",
          "import type { Actor } from '../../actor.js';",
          'export const a = (actor: Actor, p: string) => [inScope(actor, sql`o.path`), under(sql`o.path`, p)];',
          'export const near = sql`point(c.lng, c.lat) <@ box(point(0, 0), point(1, 1))`;',
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(await problems('server/src/scope/example.ts', byHand)).toEqual([]);
    expect(await problems('server/src/modules/visits/example.test.ts', byHand)).toEqual([]);
  });
});
