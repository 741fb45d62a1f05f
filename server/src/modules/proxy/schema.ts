// Request and answer schemas of the proxy-service catalogue (代办事项目录).
import Type from 'typebox';
import { HELP_LEVELS } from '../../../../core/src/proxy/catalogue.js';
import { Literals, Nullable, Page, Text, Timestamp } from '../../http/schemas.js';

const HelpLevel = Literals(HELP_LEVELS.map((h) => h.key), { description: 'full 全程代办 / partial 环节帮办 / guide 现场导办' });
const Code = Type.String({ pattern: '^[0-9]{2}-?[0-9]{5}-?[0-9]{3}-?[0-9]{2}$', description: 'item code, 12 digits (kind 2, main 5, sub 3, handling 2; GB/T 39554.1-2020), dashes allowed' });

export const Material = Type.Object(
  {
    name: Text(80, 'material name'),
    form: Literals(['original', 'copy', 'both'] as const, { description: 'original 原件 / copy 复印件 / both 原件及复印件' }),
    copies: Type.Integer({ minimum: 1, maximum: 20 }),
    note: Type.Optional(Text(100, 'note')),
  },
  { additionalProperties: false },
);

const fields = {
  name: Text(100, 'item name'),
  helpLevel: HelpLevel,
  timeLimitDays: Type.Integer({ minimum: 1, maximum: 365, description: 'time limit in working days' }),
  department: Text(100, 'responsible department'),
  serviceWindow: Nullable(Text(100, 'window where it is handled')),
  materials: Type.Array(Material, { minItems: 1, maxItems: 40 }),
  fees: Nullable(Text(100, 'fees (不收费 when free)')),
  legalBasis: Nullable(Text(500, 'legal basis')),
};

export const CreateItemBody = Type.Object({ code: Code, ...fields }, { additionalProperties: false });
export const UpdateItemBody = Type.Partial(Type.Object({ ...fields, status: Literals(['active', 'retired'] as const, { description: 'retired items are not offered for new requests' }) }), {
  additionalProperties: false,
  minProperties: 1,
});

export const ItemListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 50, description: 'name, code or department contains' })),
    helpLevel: Type.Optional(HelpLevel),
    status: Type.Optional(Literals(['active', 'retired', 'all'] as const, { description: 'default active' })),
    ...Page,
  },
  { additionalProperties: false },
);

export const Item = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: '12 digits' }),
  codeText: Type.String({ description: 'the code as printed: 11-00101-000-01' }),
  name: Type.String(),
  helpLevel: HelpLevel,
  timeLimitDays: Type.Integer(),
  department: Type.String(),
  serviceWindow: Nullable(Type.String()),
  materials: Type.Array(Material),
  fees: Nullable(Type.String()),
  legalBasis: Nullable(Type.String()),
  status: Literals(['active', 'retired'] as const),
  updatedAt: Timestamp,
});

export const ItemList = Type.Object({ items: Type.Array(Item), total: Type.Integer() });

export const ImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: true, description: 'check only (default), or write when there is no problem' })) }, { additionalProperties: false });

export const ImportReport = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Integer(),
  problems: Type.Array(Type.Object({ row: Type.Integer(), column: Nullable(Type.String()), zh: Type.String(), en: Type.String(), message: Type.String() })),
  created: Type.Integer({ description: 'new items (dry run: would be created)' }),
  updated: Type.Integer({ description: 'items whose code was already in the catalogue (dry run: would be updated)' }),
});
