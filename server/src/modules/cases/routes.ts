// /api/cases: reports, photos, the case page with the steps the caller may take, workflow steps,
// queues and lists. See docs/api.md "Cases".
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/auth.js';
import { consumeRate, type RateLimit } from '../../http/rate-limit.js';
import { IdParams, withErrors } from '../../http/schemas.js';
import { sendFile } from '../../http/send-file.js';
import type { FileStore } from '../../storage/file-store.js';
import { runAction } from './actions.js';
import { findDuplicates } from './duplicates.js';
import { IntakeWriter, report, type CaseDeps } from './intake.js';
import { PHOTO_MAX_BYTES, readPhoto, uploadPhoto, uploadPublicPhoto } from './photos.js';
import { publicCase, publicPhoto, publicRate, publicReport } from './public.js';
import { residentOf } from '../residents/index.js';
import * as repo from './repo.js';
import * as s from './schema.js';
import * as service from './service.js';

const tags = ['cases'];

/** Per client address, for residents without an account (a household reports a few problems a day, not dozens). */
export const PUBLIC_LIMITS = {
  report: { name: 'public-report', limit: 20, windowMs: 10 * 60_000 },
  track: { name: 'public-track', limit: 120, windowMs: 10 * 60_000 },
  rate: { name: 'public-rate', limit: 20, windowMs: 10 * 60_000 },
  // Three photos a report at most: enough for the 20 reports above, not for filling the disk.
  photo: { name: 'public-photo', limit: 60, windowMs: 10 * 60_000 },
} satisfies Record<string, RateLimit>;

export async function caseRoutes(fastify: FastifyInstance, deps: CaseDeps & { files: FileStore }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const writer = new IntakeWriter(deps.db, deps.writeConcurrency ?? 1);
  const queued = fastify.metrics.gauge('civicgrid_intake_queue_reports', 'Reports checked and waiting for the intake writer’s next transaction.');
  fastify.metrics.collect(() => queued.set(writer.waiting));

  app.get('/api/cases/meta', { config: { permission: 'case.read' }, schema: { tags, summary: '案件字典 States, actions, categories …', response: withErrors({ 200: s.Meta }) } }, async () => service.meta(deps));

  // Photos arrive as the raw image (the browser sends the File as the body). Whatever type is
  // declared, the bytes are read and judged by their content (checkUpload); the catch-all parser
  // lives in a scope of its own, so the other routes still refuse bodies that are not JSON.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers(); // JSON and text too: every body is bytes here
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/cases/photos',
      { config: { permission: 'case.read' }, bodyLimit: PHOTO_MAX_BYTES, schema: { tags, summary: '上传照片 Upload a photo (raw JPEG/PNG/WebP ≤ 10 MB, ≤ 50 megapixels)', response: withErrors({ 201: s.Photo }) } },
      async (request, reply) => {
        const data = request.body instanceof Buffer ? new Uint8Array(request.body) : new Uint8Array();
        return reply.status(201).send(await uploadPhoto(deps, actorOf(request), data));
      },
    );
    // Residents without an account: checked the same way, owned by the key of the form they fill in.
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/public/photos',
      {
        config: { auth: 'public' },
        bodyLimit: PHOTO_MAX_BYTES,
        schema: { tags, summary: '居民上传照片（无需登录）A resident’s photo (raw JPEG/PNG/WebP; Photo-Key header: the UUID the report will send)', headers: s.PublicPhotoHeaders, response: withErrors({ 201: s.Photo }) },
      },
      async (request, reply) => {
        await consumeRate(deps.db, PUBLIC_LIMITS.photo, request.ip, reply);
        const data = request.body instanceof Buffer ? new Uint8Array(request.body) : new Uint8Array();
        return reply.status(201).send(await uploadPublicPhoto(deps, request.headers['photo-key'], data));
      },
    );
  });

  app.get('/api/cases/photos/:id', { config: { permission: 'case.read' }, schema: { tags, summary: '照片 A photo', params: IdParams } }, async (request, reply) =>
    sendFile(request, reply, await readPhoto({ ...deps, log: request.log }, actorOf(request), request.params.id)),
  );
  app.get('/api/cases/photos/:id/thumb', { config: { permission: 'case.read' }, schema: { tags, summary: '照片缩略图 A photo’s thumbnail (JPEG, ≤ 320 px)', params: IdParams } }, async (request, reply) =>
    sendFile(request, reply, await readPhoto({ ...deps, log: request.log }, actorOf(request), request.params.id, 'thumb')),
  );

  app.post(
    '/api/cases',
    // The intake keeps its keys on the case row itself (one unique index, batches of reports).
    { config: { permission: 'case.report', idempotency: 'own' }, schema: { tags, summary: '上报案件 Report a problem (Idempotency-Key header)', body: s.ReportBody, response: withErrors({ 200: s.ReportAnswer, 201: s.ReportAnswer }) } },
    async (request, reply) => {
      const actor = actorOf(request);
      const header = request.headers['idempotency-key'];
      const written = await report(deps, writer, actor, request.body, {
        idempotencyKey: typeof header === 'string' ? header : undefined,
        viaToken: /^Bearer\s/i.test(request.headers.authorization ?? ''),
      });
      const c = written.replayed ? (await repo.findCase(deps.db, actor, written.id))! : written.case;
      const [detail, duplicates] = await Promise.all([
        service.caseDetail(deps, actor, c, written.replayed ? undefined : { events: written.events, photoIds: written.photoIds }),
        !written.replayed ? Promise.resolve(written.duplicates) : c.fixOnSpot ? Promise.resolve([]) : findDuplicates(deps.db, actor, { id: c.id, categoryKey: c.categoryKey, description: c.description, lng: c.lng, lat: c.lat, at: c.reportedAt }),
      ]);
      if (written.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(written.replayed ? 200 : 201).send({ case: detail, duplicates });
    },
  );

  // Residents without an account: the QR code on the grid's contact card leads here.
  const meta = (request: { id: string; ip: string }) => ({ requestId: String(request.id), ip: request.ip });
  app.post(
    '/api/public/reports',
    { config: { auth: 'public', idempotency: 'own' }, schema: { tags, summary: '居民上报（无需登录）Resident report, returns a tracking code', body: s.PublicReportBody, response: withErrors({ 200: s.PublicReportAnswer, 201: s.PublicReportAnswer }) } },
    async (request, reply) => {
      await consumeRate(deps.db, PUBLIC_LIMITS.report, request.ip, reply);
      const header = request.headers['idempotency-key'];
      // Signed in with their own account (residents module), the case is also listed under the resident's 我的.
      const residentId = residentOf(request)?.residentId;
      const answer = await publicReport(deps, writer, request.body, { ...meta(request), idempotencyKey: typeof header === 'string' ? header : undefined, residentId });
      return reply.status(answer.replayed ? 200 : 201).send(answer);
    },
  );
  app.get('/api/public/cases/:code', { config: { auth: 'public' }, schema: { tags, summary: '凭查询码查看进度 Progress by tracking code', params: s.TrackingParams, response: withErrors({ 200: s.PublicCase }) } }, async (request, reply) => {
    // Counted per address, so guessing codes is slow (31^10 codes; a few hundred tries an hour).
    await consumeRate(deps.db, PUBLIC_LIMITS.track, request.ip, reply);
    return publicCase(deps, request.params.code);
  });
  app.get(
    '/api/public/cases/:code/photos/:id',
    { config: { auth: 'public' }, schema: { tags, summary: '凭查询码查看上报照片 A photo of the report, by tracking code', params: s.PublicPhotoParams, querystring: s.PublicPhotoQuery } },
    async (request, reply) => {
      // Counted like the progress page: each photo is another try of a code.
      await consumeRate(deps.db, PUBLIC_LIMITS.track, request.ip, reply);
      const { code, id } = request.params;
      return sendFile(request, reply, await publicPhoto({ ...deps, log: request.log }, code, id, request.query.thumb ? 'thumb' : 'original'));
    },
  );
  app.post(
    '/api/public/cases/:code/rating',
    { config: { auth: 'public' }, schema: { tags, summary: '居民评价 Rate a closed case by tracking code', params: s.TrackingParams, body: s.PublicRatingBody, response: withErrors({ 200: s.PublicCase }) } },
    async (request, reply) => {
      await consumeRate(deps.db, PUBLIC_LIMITS.rate, request.ip, reply);
      return publicRate(deps, request.params.code, request.body, meta(request));
    },
  );

  app.get('/api/cases', { config: { permission: 'case.read' }, schema: { tags, summary: '案件列表 Cases by queue and filters', querystring: s.ListQuery, response: withErrors({ 200: s.CaseList }) } }, async (request) =>
    service.listCases(deps, actorOf(request), request.query),
  );

  app.get('/api/cases/queues', { config: { permission: 'case.read' }, schema: { tags, summary: '待办计数 Counts per queue', response: withErrors({ 200: s.QueueCounts }) } }, async (request) =>
    service.queueCounts(deps, actorOf(request)),
  );

  app.get('/api/cases/:id', { config: { permission: 'case.read' }, schema: { tags, summary: '案件详情 The case page', params: s.CaseIdParams, response: withErrors({ 200: s.CaseDetail }) } }, async (request) =>
    service.getCase(deps, actorOf(request), request.params.id),
  );

  app.get('/api/cases/:id/duplicates', { config: { permission: 'case.read' }, schema: { tags, summary: '疑似重复 Likely duplicates', params: s.CaseIdParams, response: withErrors({ 200: s.DuplicateList }) } }, async (request) =>
    service.duplicatesOf(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/api/cases/:id/actions/:action',
    { config: { permission: 'case.read' }, schema: { tags, summary: '办理 One workflow step', params: s.ActionParams, body: s.ActionBody, response: withErrors({ 200: s.CaseDetail }) } },
    async (request) => {
      const actor = actorOf(request);
      const updated = await runAction(deps, actor, request.params.id, request.params.action, request.body);
      return service.caseDetail(deps, actor, updated);
    },
  );
}
