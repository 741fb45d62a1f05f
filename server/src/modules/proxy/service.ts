// The proxy-service catalogue (代办事项目录): list, read, add, edit, retire, and fill it from Excel
// with the register's row-by-row report (every problem with its row and column; nothing written
// while there is one). The catalogue is deployment-wide: every signed-in user with proxy.read reads
// it, only a deployment-wide administrator changes it (routes carry config.deploymentWide).
import { and, asc, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { formatItemCode, HELP_LEVELS, materialsFromText, materialsToText, parseItemCode, PROXY_ITEM_LEDGER, type HelpLevel, type Material } from '../../../../core/src/proxy/catalogue.js';
import { writeXlsx } from '../../../../core/src/xlsx/index.js';
import { readLedger, type RowProblem } from '../../../../core/src/register/ledger.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { containsPattern } from '../../db/like.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { readSheet, sheetFor, templateOf } from '../ledger/index.js';
import { proxyItems } from './tables.js';

export interface ProxyDeps {
  db: Db;
}

type Row = typeof proxyItems.$inferSelect;
export type ItemFields = {
  name: string;
  helpLevel: HelpLevel;
  timeLimitDays: number;
  department: string;
  serviceWindow: string | null;
  materials: Material[];
  fees: string | null;
  legalBasis: string | null;
};

const itemNotFound = () => notFound({ zh: '代办事项', en: 'Proxy-service item' });
const codeTaken = (code: string) => conflict('ITEM_CODE_TAKEN', { zh: `事项编码 ${formatItemCode(code)} 已在目录中`, en: `Item code ${formatItemCode(code)} is already in the catalogue` });

export const presentItem = (r: Row) => ({
  id: r.id,
  code: r.code,
  codeText: formatItemCode(r.code),
  name: r.name,
  helpLevel: r.helpLevel as HelpLevel,
  timeLimitDays: r.timeLimitDays,
  department: r.department,
  serviceWindow: r.serviceWindow,
  materials: r.materials,
  fees: r.fees,
  legalBasis: r.legalBasis,
  status: r.status as 'active' | 'retired',
  updatedAt: r.updatedAt,
});

/** A code as sent (dashes allowed) in its stored form, or a 400 saying what is wrong. */
function codeOf(text: string): string {
  const parsed = parseItemCode(text);
  if (!parsed.ok) throw badRequest('BAD_ITEM_CODE', { zh: parsed.zh, en: parsed.en });
  return parsed.code;
}

export async function listItems(
  { db }: ProxyDeps,
  actor: Actor,
  query: { q?: string; helpLevel?: HelpLevel; status?: 'active' | 'retired' | 'all'; page?: number; pageSize?: number },
) {
  requirePermission(actor, 'proxy.read');
  const where: SQL[] = [];
  const status = query.status ?? 'active';
  if (status !== 'all') where.push(eq(proxyItems.status, status));
  if (query.helpLevel) where.push(eq(proxyItems.helpLevel, query.helpLevel));
  const q = query.q?.trim().replace(/[\s-]/g, (c) => (c === '-' ? '' : ' '));
  if (q) {
    const pattern = containsPattern(q);
    where.push(or(ilike(proxyItems.name, pattern), ilike(proxyItems.code, pattern), ilike(proxyItems.department, pattern))!);
  }
  const condition = where.length ? and(...where) : undefined;
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const [rows, [total]] = await Promise.all([
    db.select().from(proxyItems).where(condition).orderBy(asc(proxyItems.code)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ n: count() }).from(proxyItems).where(condition),
  ]);
  return { items: rows.map(presentItem), total: total?.n ?? 0 };
}

export async function getItem({ db }: ProxyDeps, actor: Actor, id: number) {
  requirePermission(actor, 'proxy.read');
  const [row] = await db.select().from(proxyItems).where(eq(proxyItems.id, id));
  if (!row) throw itemNotFound();
  return presentItem(row);
}

export async function createItem({ db }: ProxyDeps, actor: Actor, body: ItemFields & { code: string }) {
  requirePermission(actor, 'proxy.configure');
  const code = codeOf(body.code);
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: proxyItems.id }).from(proxyItems).where(eq(proxyItems.code, code));
    if (taken) throw codeTaken(code);
    const [row] = await tx
      .insert(proxyItems)
      .values({ ...body, code, updatedBy: actor.userId > 0 ? actor.userId : null })
      .returning();
    await recordAudit(tx, actor, { action: 'proxy.item_create', entityType: 'proxy_item', entityId: row!.id, scopePath: null, after: presentItem(row!) });
    return presentItem(row!);
  });
}

export async function updateItem({ db }: ProxyDeps, actor: Actor, id: number, body: Partial<ItemFields> & { status?: 'active' | 'retired' }) {
  requirePermission(actor, 'proxy.configure');
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(proxyItems).where(eq(proxyItems.id, id)).for('update');
    if (!before) throw itemNotFound();
    const [row] = await tx
      .update(proxyItems)
      .set({ ...body, updatedBy: actor.userId > 0 ? actor.userId : null, updatedAt: new Date() })
      .where(eq(proxyItems.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: body.status && body.status !== before.status ? (body.status === 'retired' ? 'proxy.item_retire' : 'proxy.item_restore') : 'proxy.item_update',
      entityType: 'proxy_item',
      entityId: id,
      scopePath: null,
      before: presentItem(before),
      after: presentItem(row!),
    });
    return presentItem(row!);
  });
}

/** Writes many items in one statement per chunk (the seed and the import), updating those whose code exists. */
export async function upsertItems(tx: DbOrTx, items: ReadonlyArray<ItemFields & { code: string }>, actor: Actor | null): Promise<{ created: number; updated: number }> {
  if (items.length === 0) return { created: 0, updated: 0 };
  const existing = new Set(
    (await tx.select({ code: proxyItems.code }).from(proxyItems).where(inArray(proxyItems.code, items.map((i) => i.code)))).map((r) => r.code),
  );
  const updatedBy = actor && actor.userId > 0 ? actor.userId : null;
  for (const item of items) {
    if (existing.has(item.code)) {
      await tx.update(proxyItems).set({ ...item, status: 'active', updatedBy, updatedAt: new Date() }).where(eq(proxyItems.code, item.code));
    }
  }
  const fresh = items.filter((i) => !existing.has(i.code));
  if (fresh.length) await tx.insert(proxyItems).values(fresh.map((i) => ({ ...i, updatedBy })));
  return { created: fresh.length, updated: items.length - fresh.length };
}

/**
 * Reads a filled catalogue sheet (the template's columns, Chinese or English headers, any order),
 * reports every problem by row and column, and — when asked and there is none — writes every row in
 * one transaction: new codes are added, known codes updated (and restored if retired).
 */
export async function importItems({ db }: ProxyDeps, actor: Actor, options: { dryRun: boolean; data: Uint8Array }) {
  requirePermission(actor, 'proxy.configure');
  const sheet = readSheet(options.data);
  const { rows, problems } = readLedger(PROXY_ITEM_LEDGER, sheet.rows, '', sheet.rowNumbers);
  const all: RowProblem[] = [...problems];
  const seen = new Map<string, number>();
  const items: Array<ItemFields & { code: string }> = [];
  for (const { row, values } of rows) {
    const code = values.code as string | null;
    if (code) {
      const first = seen.get(code);
      if (first !== undefined) all.push({ row, column: '事项编码', zh: `与第${first}行的事项编码重复`, en: `same code as row ${first}` });
      else seen.set(code, row);
    }
    const materials = typeof values.materials === 'string' ? materialsFromText(values.materials) : null;
    if (!code || !values.name || !values.helpLevel || values.timeLimitDays == null || !values.department || !materials?.ok) continue;
    items.push({
      code,
      name: values.name as string,
      helpLevel: values.helpLevel as HelpLevel,
      timeLimitDays: values.timeLimitDays as number,
      department: values.department as string,
      serviceWindow: (values.window as string | null) ?? null,
      materials: materials.value,
      fees: (values.fees as string | null) ?? null,
      legalBasis: (values.legalBasis as string | null) ?? null,
    });
  }
  const report = (created: number, updated: number, dryRun: boolean) => ({
    dryRun,
    rows: rows.length,
    problems: all.sort((a, b) => a.row - b.row).map((x) => ({ ...x, message: `第${x.row}行${x.column ? `「${x.column}」` : ''}：${x.zh}` })),
    created,
    updated,
  });
  if (all.length > 0 || options.dryRun) {
    const known = items.length
      ? new Set((await db.select({ code: proxyItems.code }).from(proxyItems).where(inArray(proxyItems.code, items.map((i) => i.code)))).map((r) => r.code))
      : new Set<string>();
    const updated = items.filter((i) => known.has(i.code)).length;
    return all.length > 0 ? report(0, 0, options.dryRun) : report(items.length - updated, updated, true);
  }
  return db.transaction(async (tx) => {
    const { created, updated } = await upsertItems(tx, items, actor);
    await recordAudit(tx, actor, { action: 'proxy.item_import', entityType: 'proxy_item', entityId: null, scopePath: null, after: { rows: rows.length, created, updated } });
    return report(created, updated, false);
  });
}

const EXAMPLE = {
  code: '11-00201-000-01',
  name: '失业登记',
  helpLevel: '全程代办',
  timeLimitDays: '1',
  department: '金水区人力资源和社会保障局',
  window: '花园路街道党群服务中心 便民服务大厅 就业社保窗口',
  materials: '居民身份证（原件及复印件）；代办委托书（原件，由代办员带上门签字）',
  fees: '不收费',
  legalBasis: '《就业服务与就业管理规定》',
};

export const catalogueTemplate = () => templateOf(PROXY_ITEM_LEDGER, EXAMPLE);

/** The catalogue's items in service in the template's columns, to edit and import again. */
export async function exportItems({ db }: ProxyDeps, actor: Actor): Promise<Uint8Array> {
  requirePermission(actor, 'proxy.read');
  const rows = await db.select().from(proxyItems).where(eq(proxyItems.status, 'active')).orderBy(asc(proxyItems.code));
  const label = (key: string) => HELP_LEVELS.find((h) => h.key === key)?.zh ?? key;
  return writeXlsx([
    sheetFor(
      PROXY_ITEM_LEDGER,
      rows.map((r) => [formatItemCode(r.code), r.name, label(r.helpLevel), r.timeLimitDays, r.department, r.serviceWindow, materialsToText(r.materials), r.fees, r.legalBasis]),
    ),
  ]);
}
