import type { OrgUnitHit } from '@/api/types';

/** "花园路街道 / 甲院社区 / 第一网格" for a search hit, whether or not pathNames ends with the node. */
export function hitPath(hit: Pick<OrgUnitHit, 'name' | 'pathNames'>): string {
  const names = [...(hit.pathNames ?? [])];
  if (names[names.length - 1] !== hit.name) names.push(hit.name);
  return names.join(' / ');
}

/** The level name of a node in the UI language. */
export function levelLabel(
  node: { level: number; levelName: string | null; levelNameEn: string | null },
  english: boolean,
): string {
  const name = english ? node.levelNameEn || node.levelName : node.levelName;
  return name ?? `L${node.level}`;
}
