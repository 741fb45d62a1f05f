// /api/register/ledgers/:entity — Excel templates, imports (dry run first, then all or nothing)
// and exports of the register's ledgers (台账).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { LEDGERS } from '../../../../core/src/register/ledger.js';
import { RESIDENCE_STATUSES } from '../../../../core/src/register/tags.js';
import { actorOf } from '../../http/auth.js';
import { withErrors } from '../../http/schemas.js';
import type { RegisterDeps } from '../register/index.js';
import { exportLedger, template } from './export.js';
import { importLedger } from './import.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const IMPORT_BODY_LIMIT = 30 * 1024 * 1024;
const tags = ['register'];

const Entity = Type.Object(
  { entity: Type.Union([Type.Literal('persons'), Type.Literal('dwellings'), Type.Literal('places'), Type.Literal('components')], { description: 'which ledger' }) },
  { additionalProperties: false },
);
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const ImportQuery = Type.Object(
  { rootId: Id, dryRun: Type.Optional(Type.Boolean({ default: true, description: 'check only (default); false imports when there is no problem' })) },
  { additionalProperties: false },
);
const ExportQuery = Type.Object(
  {
    orgUnitId: Id,
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    tag: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' })),
    residenceStatus: Type.Optional(Type.Union(RESIDENCE_STATUSES.map((s) => Type.Literal(s.key)))),
    occupancy: Type.Optional(Type.String({ pattern: '^[a-z]{3,16}$' })),
    kind: Type.Optional(Type.String({ pattern: '^[a-z_]{3,24}$' })),
    plain: Type.Optional(Type.Boolean({ description: 'unmasked ID and phone numbers: needs register.reveal, audited' })),
  },
  { additionalProperties: false },
);
const Problem = Type.Object({ row: Type.Integer(), column: Type.Union([Type.String(), Type.Null()]), zh: Type.String(), en: Type.String(), message: Type.String() });
const Report = Type.Object({ entity: Type.String(), dryRun: Type.Boolean(), rows: Type.Integer(), problems: Type.Array(Problem), created: Type.Record(Type.String(), Type.Integer()) });

const attachment = (name: string) => `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function ledgerRoutes(fastify: FastifyInstance, deps: RegisterDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Spreadsheets arrive as the raw file (the browser sends the File as the body).
  app.addContentTypeParser([XLSX, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.get(
    '/api/register/ledgers/:entity/template',
    { config: { permission: 'register.read' }, schema: { tags, summary: '下载台账模板 Download a ledger template', params: Entity } },
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
      schema: { tags, summary: '导入台账（先检查，无误后全部导入）Import a ledger: dry run, then all or nothing', params: Entity, querystring: ImportQuery, response: withErrors({ 200: Report }) },
    },
    async (request) => {
      const data = request.body instanceof Buffer ? new Uint8Array(request.body) : new Uint8Array();
      return importLedger(deps, actorOf(request), request.params.entity, { rootId: request.query.rootId, dryRun: request.query.dryRun ?? true, data });
    },
  );

  app.get(
    '/api/register/ledgers/:entity/export',
    { config: { permission: 'register.read' }, schema: { tags, summary: '导出台账 Export a filtered ledger', params: Entity, querystring: ExportQuery } },
    async (request, reply) => {
      const out = await exportLedger(deps, actorOf(request), request.params.entity, request.query);
      return reply.header('content-type', XLSX).header('content-disposition', attachment(out.filename)).header('x-row-count', String(out.rows)).send(Buffer.from(out.file));
    },
  );
}
