// Materialised paths for the territory tree (Postgres ltree): labels are node ids.

export function childPath(parentPath: string | null, id: number): string {
  return parentPath ? `${parentPath}.${id}` : String(id);
}

/** Ids along a path, root first: '1.5.23' → [1, 5, 23]. */
export function pathIds(path: string): number[] {
  return path.split('.').map(Number);
}

/** True when `path` is `ancestor` or lies below it. */
export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(ancestor + '.');
}

/** Keeps only the topmost paths: ['1.2', '1.2.3', '4'] → ['1.2', '4']. */
export function topmostPaths(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.split('.').length - b.split('.').length);
  const out: string[] = [];
  for (const p of sorted) if (!out.some((o) => isWithin(p, o))) out.push(p);
  return out;
}
