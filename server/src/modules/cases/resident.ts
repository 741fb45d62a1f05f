// A signed-in resident's own reports ("我的"): the cases reported while signed in with their own
// account (cases.resident_id), never anyone else's — another's id answers 404 like a missing one.
// The progress reads as by the tracking code (public.ts), and rating is the workflow's rate step
// with the reporter's relation, as a tracking-code resident has it.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { and, desc, eq } from 'drizzle-orm';
import { findCaseCategory } from '../../../../core/src/cases/categories.js';
import { stateLabel } from '../../../../core/src/cases/workflow.js';
import { consumeRate } from '../../http/rate-limit.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import { notFound } from '../../errors.js';
import { requireResident } from '../residents/index.js';
import { runAction } from './actions.js';
import type { CaseDeps } from './intake.js';
import { presentPublicCase, residentActor } from './public.js';
import { PUBLIC_LIMITS } from './routes.js';
import * as s from './schema.js';
import { cases } from './tables.js';

const caseNotFound = () => notFound({ zh: '案件', en: 'Case' });

async function ownCase(deps: CaseDeps, residentId: number, id: number) {
  const [row] = await deps.db.select().from(cases).where(and(eq(cases.id, id), eq(cases.residentId, residentId)));
  if (!row) throw caseNotFound();
  return row;
}

export async function residentCases(deps: CaseDeps, residentId: number) {
  const rows = await deps.db.select().from(cases).where(eq(cases.residentId, residentId)).orderBy(desc(cases.reportedAt)).limit(200);
  return {
    items: rows.map((c) => {
      const state = stateLabel(c.state)!;
      return {
        id: c.id,
        number: c.number,
        state: c.state,
        stateZh: state.zh,
        stateEn: state.en,
        categoryName: findCaseCategory(c.categoryKey)?.name ?? c.categoryKey,
        description: c.description,
        reportedAt: c.reportedAt,
        canRate: c.state === 'closed' && c.rating === null && !c.fixOnSpot,
      };
    }),
  };
}

export async function residentCase(deps: CaseDeps, residentId: number, id: number) {
  return { id, ...(await presentPublicCase(deps, await ownCase(deps, residentId, id))) };
}

export async function rateResidentCase(deps: CaseDeps, residentId: number, id: number, body: { rating: string; comment?: string }, meta: { requestId: string; ip: string }) {
  const c = await ownCase(deps, residentId, id);
  await runAction(deps, residentActor(c.reporterName ?? undefined, meta), c.id, 'rate', body, { asAnonymousReporter: true });
  return residentCase(deps, residentId, id);
}

/** /api/public/resident/reports: the signed-in resident's own reports. */
export async function caseResidentRoutes(fastify: FastifyInstance, deps: CaseDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['cases'];
  app.get(
    '/api/public/resident/reports',
    { config: { auth: 'public' }, schema: { tags, summary: '我的上报 The signed-in resident’s reports', response: withErrors({ 200: s.ResidentCaseList }) } },
    async (request) => residentCases(deps, requireResident(request).residentId),
  );
  app.get(
    '/api/public/resident/reports/:id',
    { config: { auth: 'public' }, schema: { tags, summary: '我的上报：进度 Progress of one of my reports', params: IdParams, response: withErrors({ 200: s.ResidentCase }) } },
    async (request) => residentCase(deps, requireResident(request).residentId, request.params.id),
  );
  app.post(
    '/api/public/resident/reports/:id/rating',
    { config: { auth: 'public' }, schema: { tags, summary: '评价我的上报 Rate one of my closed reports', params: IdParams, body: s.PublicRatingBody, response: withErrors({ 200: s.ResidentCase }) } },
    async (request, reply) => {
      const resident = requireResident(request);
      await consumeRate(deps.db, PUBLIC_LIMITS.rate, request.ip, reply);
      return rateResidentCase(deps, resident.residentId, request.params.id, request.body, { requestId: String(request.id), ip: request.ip });
    },
  );
}
