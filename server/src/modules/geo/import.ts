// Importing grid boundaries from GeoJSON: match features to the parent's children by code or name,
// or create new grids (with GB/T 30428.1 codes); check the whole tiling; all or nothing.
import { areaM2, bboxOf } from '../../../../core/src/geo/measure.js';
import type { AreaGeometry } from '../../../../core/src/geo/types.js';
import { canNest } from '../../../../core/src/territory-levels.js';
import { isCleanName } from '../../../../core/src/text-rules.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { Db } from '../../db/client.js';
import { badRequest, conflict } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { auditSnapshot, insertNode, levelMap, requireNode } from '../territory/index.js';
import * as repo from './repo.js';
import { locator, nextGridCode, parseGeometry, presentReport, tilingBroken, tilingOf, type Crs } from './service.js';

interface ImportInput {
  parentId: number;
  crs?: Crs;
  match?: 'code' | 'name';
  createMissing?: boolean;
  level?: number;
  draft?: boolean;
  dryRun?: boolean;
  featureCollection: { features: Array<{ geometry: unknown; properties?: Record<string, unknown> | null }> };
}

/** Reads a text property under its usual names (English or Chinese column headers). */
function prop(p: Record<string, unknown> | null | undefined, keys: string[]): string | null {
  for (const k of keys) {
    const v = p?.[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return null;
}

export async function importGeometries(db: Db, actor: Actor, body: ImportInput) {
  requirePermission(actor, 'territory.write');
  const match = body.match ?? 'code';
  // Parse and validate every feature first: one bad ring refuses the whole file.
  const parsed = body.featureCollection.features.map((f, i) => {
    const name = prop(f.properties, ['name', 'NAME', '名称', '网格名称']);
    const code = prop(f.properties, ['code', 'CODE', '编码', '网格编码']);
    if (name !== null && !isCleanName(name)) {
      throw badRequest('INVALID_FEATURE', { zh: `第 ${i + 1} 个要素的名称含有不允许的字符`, en: `Feature ${i + 1} has a name with characters that are not allowed` }, { feature: i });
    }
    if (code !== null && !/^[0-9A-Za-z_-]{1,32}$/.test(code)) {
      throw badRequest('INVALID_FEATURE', { zh: `第 ${i + 1} 个要素的编码格式不对`, en: `Feature ${i + 1} has a malformed code` }, { feature: i });
    }
    return { index: i, name, code, geometry: parseGeometry(f.geometry, body.crs, { feature: i, name: name ?? undefined }) };
  });

  return db.transaction(async (tx) => {
    const parent = (await requireNode(tx, actor, body.parentId)).node;
    const levels = await levelMap(tx);
    const level = body.level ?? parent.level + 1;
    if (!levels.has(level) || !canNest(parent.level, level, [...levels.values()])) {
      throw badRequest('LEVEL_NOT_BELOW_PARENT', { zh: '导入的网格层级必须低于上级节点', en: 'Imported grids must sit below the parent' });
    }
    const children = await repo.childGeometries(tx, parent.id);
    const byKey = new Map(children.map((c) => [match === 'code' ? c.node.code : c.node.name, c.node]));
    const seen = new Set<number>();
    const replace = new Map<number, AreaGeometry>();
    const toCreate: typeof parsed = [];
    for (const f of parsed) {
      const key = match === 'code' ? f.code : f.name;
      const existing = key ? byKey.get(key) : undefined;
      if (existing) {
        if (seen.has(existing.id)) {
          throw conflict('DUPLICATE_FEATURE', { zh: `第 ${f.index + 1} 个要素与前面的要素对应同一网格「${existing.name}」`, en: `Feature ${f.index + 1} matches grid ${existing.name} twice` }, { feature: f.index });
        }
        seen.add(existing.id);
        replace.set(existing.id, f.geometry);
      } else if (body.createMissing ?? true) {
        if (!f.name) throw badRequest('INVALID_FEATURE', { zh: `第 ${f.index + 1} 个要素没有名称，无法新建网格`, en: `Feature ${f.index + 1} has no name to create a grid from` }, { feature: f.index });
        toCreate.push(f);
      } else {
        throw badRequest('UNMATCHED_FEATURE', { zh: `第 ${f.index + 1} 个要素（${key ?? '无编码'}）找不到对应的网格`, en: `Feature ${f.index + 1} (${key ?? 'no key'}) matches no grid` }, { feature: f.index });
      }
    }
    // New grids get provisional negative ids for the tiling check.
    const report = await tilingOf(tx, parent, replace, toCreate.map((f, i) => ({ id: -(i + 1), geometry: f.geometry, level })));
    const summary = { matched: replace.size, created: toCreate.length, report: presentReport(report, body.crs, actor) };
    if (body.dryRun) return { ...summary, written: false };
    if (!report.ok && !body.draft) throw tilingBroken(report, body.crs, actor);

    const isDraft = !report.ok;
    const write = async (id: number, geometry: AreaGeometry, path: string) => {
      await repo.setGeometry(tx, id, { geometry, bbox: bboxOf(geometry), areaM2: areaM2(geometry), isDraft, source: 'import', createdBy: actor.userId });
      await recordAudit(tx, actor, { action: isDraft ? 'geo.draft' : 'geo.import', entityType: 'org_unit', entityId: id, scopePath: path, after: { areaM2: Math.round(areaM2(geometry)) } });
    };
    for (const [id, geometry] of replace) await write(id, geometry, children.find((c) => c.node.id === id)!.node.path);
    for (const f of toCreate) {
      const code = f.code ?? (await nextGridCode(tx, parent));
      const node = await insertNode(tx, parent, { name: f.name!, level, code, divisionCode: null, sortOrder: 0 });
      await recordAudit(tx, actor, { action: 'territory.create', entityType: 'org_unit', entityId: node.id, scopePath: node.path, after: auditSnapshot(node) });
      await write(node.id, f.geometry, node.path);
    }
    if (!isDraft) await repo.bumpRevision(tx);
    locator.invalidate();
    return { ...summary, written: true, draft: isDraft };
  });
}
