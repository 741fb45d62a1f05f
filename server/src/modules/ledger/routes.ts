// /api/register/ledgers/:entity — Excel templates, imports (dry run first, then all or nothing)
// and exports of the register's ledgers (台账).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { LEDGERS } from '../../../../core/src/register/ledger.js';
import { actorOf } from '../../http/auth.js';
import { withErrors } from '../../http/schemas.js';
import type { RegisterDeps } from '../register/index.js';
import { exportLedger, template } from './export.js';
import { importLedger } from './import.js';
import * as s from './schema.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const IMPORT_BODY_LIMIT = 30 * 1024 * 1024;
const tags = ['register'];

const attachment = (name: string) => `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function ledgerRoutes(fastify: FastifyInstance, deps: RegisterDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Spreadsheets arrive as the raw file (the browser sends the File as the body).
  app.addContentTypeParser([XLSX, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.get(
    '/api/register/ledgers/:entity/template',
    { config: { permission: 'register.read' }, schema: { tags, summary: '下载台账模板 Download a ledger template', params: s.EntityParams } },
    async (request, reply) => {
      const spec = LEDGERS[request.params.entity];
      return reply.header('content-type', XLSX).header('content-disposition', attachment(`${spec.title}模板.xlsx`)).send(Buffer.from(template(request.params.entity)));
    },
  );

  app.post(
    '/api/register/ledgers/:entity/import',
    {
      config: { permission: 'register.write' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: { tags, summary: '导入台账（先检查，无误后全部导入）Import a ledger: dry run, then all or nothing', params: s.EntityParams, querystring: s.ImportQuery, response: withErrors({ 200: s.ImportReport }) },
    },
    async (request) => {
      const data = request.body instanceof Buffer ? new Uint8Array(request.body) : new Uint8Array();
      return importLedger(deps, actorOf(request), request.params.entity, { rootId: request.query.rootId, dryRun: request.query.dryRun ?? true, data });
    },
  );

  app.get(
    '/api/register/ledgers/:entity/export',
    { config: { permission: 'register.read' }, schema: { tags, summary: '导出台账 Export a filtered ledger', params: s.EntityParams, querystring: s.ExportQuery } },
    async (request, reply) => {
      const out = await exportLedger(deps, actorOf(request), request.params.entity, request.query);
      return reply.header('content-type', XLSX).header('content-disposition', attachment(out.filename)).header('x-row-count', String(out.rows)).send(Buffer.from(out.file));
    },
  );
}
