// Excel ledgers (台账) of the register: which ledger, the import's check report, the export's filters.
import Type from 'typebox';
import { LEDGERS, type LedgerEntity } from '../../../../core/src/register/ledger.js';
import { RESIDENCE_STATUSES } from '../../../../core/src/register/tags.js';
import { Literals, Nullable } from '../../http/schemas.js';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Entity = Literals(Object.keys(LEDGERS) as LedgerEntity[], { description: 'which ledger' });

export const EntityParams = Type.Object({ entity: Entity }, { additionalProperties: false });

export const ImportQuery = Type.Object(
  {
    rootId: Id,
    dryRun: Type.Optional(Type.Boolean({ default: true, description: 'check only (default); false imports when there is no problem' })),
  },
  { additionalProperties: false },
);

export const ExportQuery = Type.Object(
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

export const Problem = Type.Object({
  row: Type.Integer({ description: 'the spreadsheet row (1 is the header)' }),
  column: Nullable(Type.String({ description: 'the column header; null for a problem of the whole row' })),
  zh: Type.String(),
  en: Type.String(),
  message: Type.String({ description: 'row, column and problem in the caller language' }),
});

/** The check of a file (dry run), or what its import wrote: all rows or none. */
export const ImportReport = Type.Object({
  entity: Entity,
  dryRun: Type.Boolean(),
  rows: Type.Integer({ description: 'data rows read' }),
  problems: Type.Array(Problem, { description: 'nothing is written while there is one' }),
  created: Type.Record(Type.String(), Type.Integer(), { description: 'records created (or to be created by a dry run), by kind: persons, households, dwellings, tags …' }),
});
