// /api/consultations — residents' questions and suggestions for staff; /api/public/… — asking and
// reading the answer by tracking code, without an account.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { consumeRate, type RateLimit } from '../../http/rate-limit.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import { IntakeWriter, type CaseDeps } from '../cases/index.js';
import { residentOf } from '../residents/index.js';
import * as s from './schema.js';
import * as service from './service.js';

const tags = ['consultations'];

/** A household asks a few questions a day: per address and per phone number given. */
export const ASK_LIMITS = {
  ip: { name: 'public-ask', limit: 10, windowMs: 10 * 60_000 },
  phone: { name: 'public-ask-phone', limit: 5, windowMs: 60 * 60_000 },
  read: { name: 'public-ask-read', limit: 120, windowMs: 10 * 60_000 },
} satisfies Record<string, RateLimit>;

export async function consultationRoutes(fastify: FastifyInstance, caseDeps: CaseDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps: service.ConsultationDeps = { ...caseDeps, writer: new IntakeWriter(caseDeps.db, 1) };
  const answer = { permission: 'consultation.answer' } as const;

  app.post(
    '/api/public/grids/:gridCode/consultations',
    { config: { auth: 'public' }, schema: { tags, summary: '咨询建议（无需登录）Ask a question or make a suggestion; returns a tracking code (Idempotency-Key header)', params: s.GridParams, body: s.AskBody, response: withErrors({ 200: s.AskAnswer, 201: s.AskAnswer }) } },
    async (request, reply) => {
      await consumeRate(deps.db, ASK_LIMITS.ip, request.ip, reply);
      if (request.body.phone) await consumeRate(deps.db, ASK_LIMITS.phone, deps.crypto.hash(request.body.phone), reply);
      const key = request.headers['idempotency-key'];
      const answered = await service.ask(deps, request.params.gridCode, request.body, typeof key === 'string' ? key : undefined, residentOf(request)?.residentId ?? null);
      return reply.status(answered.replayed ? 200 : 201).send(answered);
    },
  );
  app.get('/api/public/consultations/:code', { config: { auth: 'public' }, schema: { tags, summary: '凭查询码查看答复 The answer, by tracking code', params: s.CodeParams, response: withErrors({ 200: s.PublicConsultation }) } }, async (request, reply) => {
    await consumeRate(deps.db, ASK_LIMITS.read, request.ip, reply);
    return service.publicConsultation(deps, request.params.code);
  });

  app.get('/api/consultations', { config: answer, schema: { tags, summary: '咨询建议列表 Questions and suggestions of the territory', querystring: s.ConsultationListQuery, response: withErrors({ 200: s.ConsultationList }) } }, async (request) =>
    service.listConsultations(deps, actorOf(request), request.query),
  );
  app.get('/api/consultations/:id', { config: answer, schema: { tags, summary: '咨询建议 One question or suggestion', params: IdParams, response: withErrors({ 200: s.Consultation }) } }, async (request) =>
    service.getConsultation(deps, actorOf(request), request.params.id),
  );
  app.post('/api/consultations/:id/answer', { config: answer, schema: { tags, summary: '答复 Answer', params: IdParams, body: s.AnswerBody, response: withErrors({ 200: s.Consultation }) } }, async (request) =>
    service.answerConsultation(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/api/consultations/:id/case', { config: answer, schema: { tags, summary: '转为案件 Turn into a case', params: IdParams, body: s.ToCaseBody, response: withErrors({ 200: s.Consultation }) } }, async (request) =>
    service.turnIntoCase(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/api/consultations/:id/proxy', { config: answer, schema: { tags, summary: '转代办 Point to a proxy service', params: IdParams, body: s.ToProxyBody, response: withErrors({ 200: s.Consultation }) } }, async (request) =>
    service.pointToProxy(deps, actorOf(request), request.params.id, request.body),
  );
}
