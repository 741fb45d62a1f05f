// /api/overview: what the console's first page shows: nodes per level and people per role.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { actorOf } from '../../http/auth.js';
import { can } from '../../actor.js';
import { withErrors } from '../../http/schemas.js';
import { Overview, SiteInfo } from './schema.js';
import { overview } from '../territory/index.js';
import { countByRole } from '../users/index.js';
import { getSetting } from '../../db/settings.js';


export async function overviewRoutes(app: FastifyInstance, { db, timeZone }: { db: Db; timeZone: string }) {
  // Public: the sign-in page shows whose platform this is.
  app.get('/api/site', { config: { auth: 'public' }, schema: { tags: ['overview'], summary: '站点 Site name and time zone', response: { 200: SiteInfo } } }, async () => ({
    name: (await getSetting<string>(db, 'site.name')) ?? 'CivicGrid',
    timeZone,
  }));

  app.get(
    '/api/overview',
    { config: { permission: 'territory.read' }, schema: { tags: ['overview'], summary: '概览 Overview', response: withErrors({ 200: Overview }) } },
    async (request) => {
      const actor = actorOf(request);
      const [territory, roles] = await Promise.all([overview(db, actor), can(actor, 'user.read') ? countByRole(db, actor) : []]);
      return { territory, usersByRole: roles.map((r) => ({ role: r.role, count: r.n })) };
    },
  );
}
