// Every route the application registers (method, URL, auth and permission), collected as plugins
// add them, so a test can hold the whole API against its classification (the scope matrix).
import type { FastifyInstance } from 'fastify';
import type { Permission } from '../../../core/src/roles.js';

export interface RouteEntry {
  method: string;
  url: string;
  /** 'public' when the route needs no sign-in. */
  auth: 'public' | 'signed-in';
  permission: Permission | null;
  /** Only a deployment-wide administrator may call it (config.deploymentWide). */
  deploymentWide: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The routes registered so far (HEAD twins of GET routes left out). */
    routeTable: readonly RouteEntry[];
  }
}

/** Must run before any plugin adds routes: onRoute sees only routes added after it. */
export function installRouteTable(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      table.push({ method, url: r.url, auth: r.config?.auth === 'public' ? 'public' : 'signed-in', permission: r.config?.permission ?? null, deploymentWide: r.config?.deploymentWide === true });
    }
  });
}
