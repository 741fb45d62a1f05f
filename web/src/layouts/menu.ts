import type { RouteRecordRaw } from 'vue-router';
import { consoleAreas, menuGroupIcons } from '@/router/areas';
import { can, canConfigureDeployment } from '@/session';

export interface MenuEntry {
  path: string;
  titleKey: string;
  icon?: string;
}

export interface MenuGroup {
  /** Empty for entries at the top level. */
  groupKey: string;
  icon?: string;
  entries: MenuEntry[];
}

function entryOf(route: RouteRecordRaw): MenuEntry {
  return { path: `/${route.path}`, titleKey: route.meta?.titleKey ?? String(route.name), icon: route.meta?.icon };
}

/** The menu the signed-in user may see, grouped in route-table order. */
export function visibleMenu(): MenuGroup[] {
  const groups: MenuGroup[] = [];
  for (const route of consoleAreas) {
    if (route.meta?.hidden || !(route.meta?.deploymentWide ? canConfigureDeployment : can)(route.meta?.permission)) continue;
    const groupKey = route.meta?.groupKey ?? '';
    const last = groups[groups.length - 1];
    const existing = groupKey ? groups.find((g) => g.groupKey === groupKey) : undefined;
    if (existing) existing.entries.push(entryOf(route));
    else if (!groupKey && last && !last.groupKey) last.entries.push(entryOf(route));
    else groups.push({ groupKey, icon: menuGroupIcons[groupKey], entries: [entryOf(route)] });
  }
  return groups;
}
