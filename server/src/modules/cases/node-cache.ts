// Territory nodes and departments as cases show them (names, levels, parents), and the holder of a
// new case per grid: read often, changed rarely, so kept for a short while per process. A renamed
// node shows its new name on cases within NODE_CACHE_MS; case data itself is never cached.
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { departments } from '../departments/index.js';
import { orgUnits } from '../territory/index.js';

export const NODE_CACHE_MS = 30_000;
const MAX_ENTRIES = 50_000;

export interface NodeInfo {
  name: string;
  level: number;
  path: string;
  parentId: number | null;
}

class TtlCache<K, V> {
  private entries = new Map<K, { until: number; value: V }>();
  constructor(private readonly ttlMs: number) {}
  get(key: K): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until > Date.now()) return hit.value;
    this.entries.delete(key);
    return undefined;
  }
  set(key: K, value: V) {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { until: Date.now() + this.ttlMs, value });
  }
  clear() {
    this.entries.clear();
  }
}

const nodes = new TtlCache<number, NodeInfo>(NODE_CACHE_MS);
const depts = new TtlCache<number, string>(NODE_CACHE_MS);
export const holders = new TtlCache<string, { id: number; path: string }>(NODE_CACHE_MS);
/** Dispatchers per holder path: who hears of a new case. */
export const dispatcherCache = new TtlCache<string, number[]>(5_000);

/** Forget everything (tests that rename or move nodes; territory changes call it too). */
export function clearNodeCache() {
  nodes.clear();
  depts.clear();
  holders.clear();
  dispatcherCache.clear();
}

export async function nodeInfo(db: DbOrTx, ids: readonly number[]): Promise<Map<number, NodeInfo>> {
  const out = new Map<number, NodeInfo>();
  const missing: number[] = [];
  for (const id of new Set(ids)) {
    const hit = nodes.get(id);
    if (hit) out.set(id, hit);
    else missing.push(id);
  }
  if (missing.length) {
    const rows = await db.select({ id: orgUnits.id, name: orgUnits.name, level: orgUnits.level, path: orgUnits.path, parentId: orgUnits.parentId }).from(orgUnits).where(inArray(orgUnits.id, missing));
    for (const r of rows) {
      const info = { name: r.name, level: r.level, path: r.path, parentId: r.parentId };
      nodes.set(r.id, info);
      out.set(r.id, info);
    }
  }
  return out;
}

export async function departmentNames(db: DbOrTx, ids: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const missing: number[] = [];
  for (const id of new Set(ids)) {
    const hit = depts.get(id);
    if (hit !== undefined) out.set(id, hit);
    else missing.push(id);
  }
  if (missing.length) {
    const rows = await db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, missing));
    for (const r of rows) {
      depts.set(r.id, r.name);
      out.set(r.id, r.name);
    }
  }
  return out;
}
