// The resident pages' side of proxy services: the grid's catalogue (what can be asked for, what to
// bring), and a signed-in resident filing, following and rating their own requests. Filing and every
// step go through the same fileRequest and workflow runner as the staff's, with a resident actor
// (actor.residentId) whose only relation is requester of their own requests.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { asc, eq } from 'drizzle-orm';
import { HELP_LEVELS } from '../../../../core/src/proxy/catalogue.js';
import type { Actor } from '../../actor.js';
import { notFound } from '../../errors.js';
import { consumeRate, type RateLimit } from '../../http/rate-limit.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import { requireResident, type ResidentSession } from '../residents/index.js';
import { agentForGrid, fileRequest, getRequest, gridByCode, residentRequests, runRequestAction, type RequestDeps } from './requests.js';
import * as s from './schema.js';
import { proxyItems } from './tables.js';

export const RESIDENT_PROXY_LIMITS = {
  catalogue: { name: 'public-services', limit: 120, windowMs: 10 * 60_000 },
  /** A household asks for a few services a month, not dozens a day. */
  fileByResident: { name: 'resident-proxy-file', limit: 10, windowMs: 24 * 60 * 60_000 },
  fileByAddress: { name: 'resident-proxy-file-ip', limit: 30, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimit>;

/** The signed-in resident as the workflow sees them: no role, no scope, their own requests only. */
function residentActor(resident: ResidentSession, meta: { requestId: string; ip: string }, name = '居民'): Actor & { residentId: number } {
  return { userId: 0, username: 'resident', displayName: name, roles: [], permissions: new Set(), scopeAll: false, scopePaths: [], departmentIds: [], mustChangePassword: false, ...meta, residentId: resident.residentId };
}

/** The grid's active catalogue, with the materials to bring. */
export async function gridServices(deps: RequestDeps, gridCode: string) {
  const grid = await gridByCode(deps.db, gridCode);
  if (!grid) throw notFound({ zh: '网格', en: 'Grid' });
  const [items, agent] = await Promise.all([
    deps.db.select().from(proxyItems).where(eq(proxyItems.status, 'active')).orderBy(asc(proxyItems.code)),
    agentForGrid(deps.db, grid.path),
  ]);
  return {
    grid: { name: grid.name },
    hasAgent: agent !== null,
    items: items.map((i) => {
      const level = HELP_LEVELS.find((h) => h.key === i.helpLevel) ?? HELP_LEVELS[0];
      return {
        id: i.id,
        code: i.code,
        name: i.name,
        helpLevel: level.key,
        helpLevelName: { zh: level.zh, en: level.en },
        timeLimitDays: i.timeLimitDays,
        department: i.department,
        serviceWindow: i.serviceWindow,
        fees: i.fees,
        materials: i.materials,
      };
    }),
  };
}

type Detail = Awaited<ReturnType<typeof getRequest>>;
type Summary = Omit<Detail, 'events'>;

// Notes a resident is owed: what was done, the result, why it ended; the rest stays with the staff.
const NOTES_FOR_RESIDENT = new Set(['entrust', 'accept', 'progress', 'deliver', 'terminate', 'rate']);

function summaryOf(r: Summary) {
  return {
    id: r.id,
    number: r.number,
    state: r.state,
    stateName: r.stateName,
    item: { name: r.item.name, helpLevel: r.item.helpLevel },
    grid: { name: r.grid.name },
    agentName: r.agent.name,
    applicantName: r.applicantName,
    description: r.description,
    entrustedAt: r.entrustedAt,
    result: r.result,
    terminatedReason: r.terminatedReason,
    rating: r.rating,
    ratingName: r.ratingName ? { zh: r.ratingName.zh, en: r.ratingName.en } : null,
    canRate: r.allowedActions.includes('rate'),
  };
}

function residentView(r: Detail) {
  return {
    ...summaryOf(r),
    steps: r.events.map((e) => {
      const materials = Array.isArray(e.data?.materials) ? (e.data.materials as { name: string }[]).map((m) => m.name) : null;
      return { at: e.at, action: e.action, actionName: e.actionName, note: NOTES_FOR_RESIDENT.has(e.action) ? e.note : null, materials };
    }),
  };
}

/** /api/public/grids/:gridCode/services and /api/public/resident/requests. */
export async function proxyResidentRoutes(fastify: FastifyInstance, deps: RequestDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['proxy'];
  const meta = (request: { id: string; ip: string }) => ({ requestId: String(request.id), ip: request.ip });

  app.get(
    '/api/public/grids/:gridCode/services',
    { config: { auth: 'public' }, schema: { tags, summary: '网格可办的代办事项及所需材料 The services a grid’s agent takes, with the materials to bring', params: s.GridCodeParams, response: withErrors({ 200: s.GridServices }) } },
    async (request, reply) => {
      await consumeRate(deps.db, RESIDENT_PROXY_LIMITS.catalogue, request.ip, reply);
      return gridServices(deps, request.params.gridCode);
    },
  );

  app.post(
    '/api/public/resident/requests',
    { config: { auth: 'public' }, schema: { tags, summary: '居民申请代办（签署委托书）A signed-in resident files a proxy request', body: s.ResidentFileBody, response: withErrors({ 201: s.ResidentRequest }) } },
    async (request, reply) => {
      const resident = requireResident(request);
      await consumeRate(deps.db, RESIDENT_PROXY_LIMITS.fileByAddress, request.ip, reply);
      await consumeRate(deps.db, RESIDENT_PROXY_LIMITS.fileByResident, String(resident.residentId), reply);
      const { gridCode, name, ...body } = request.body;
      const filed = await fileRequest(deps, residentActor(resident, meta(request), name), { ...body, applicant: { gridCode, name } });
      return reply.code(201).send(residentView(filed));
    },
  );

  app.get(
    '/api/public/resident/requests',
    { config: { auth: 'public' }, schema: { tags, summary: '我的代办 The signed-in resident’s proxy requests', response: withErrors({ 200: s.ResidentRequestList }) } },
    async (request) => ({ items: (await residentRequests(deps, residentActor(requireResident(request), meta(request)))).map(summaryOf) }),
  );

  app.get(
    '/api/public/resident/requests/:id',
    { config: { auth: 'public' }, schema: { tags, summary: '我的代办：进度 Progress of one of my requests', params: IdParams, response: withErrors({ 200: s.ResidentRequest }) } },
    async (request) => residentView(await getRequest(deps, residentActor(requireResident(request), meta(request)), request.params.id)),
  );

  app.post(
    '/api/public/resident/requests/:id/rating',
    { config: { auth: 'public' }, schema: { tags, summary: '评价我的代办 Rate one of my finished requests', params: IdParams, body: s.ResidentRatingBody, response: withErrors({ 200: s.ResidentRequest }) } },
    async (request) => {
      const actor = residentActor(requireResident(request), meta(request));
      return residentView(await runRequestAction(deps, actor, request.params.id, 'rate', request.body));
    },
  );
}
