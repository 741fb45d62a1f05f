// Request and answer schemas of the proxy-service catalogue (代办事项目录).
import Type from 'typebox';
import { RATING_KEYS } from '../../../../core/src/cases/workflow-inputs.js';
import { HELP_LEVELS } from '../../../../core/src/proxy/catalogue.js';
import { PROXY_ACTIONS, PROXY_STATE_KEYS } from '../../../../core/src/proxy/workflow.js';
import { Literals, Nullable, Page, Text, Timestamp } from '../../http/schemas.js';

/** A signature drawn on a phone is a small PNG; 200 KB is far more than one needs. */
export const SIGNATURE_MAX_BYTES = 200 * 1024;
const SIGNATURE_MAX_CHARS = 'data:image/png;base64,'.length + Math.ceil(SIGNATURE_MAX_BYTES / 3) * 4;

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

// Requests (代办).
const State = Literals(PROXY_STATE_KEYS, { description: 'entrusted 待受理 / handling 办理中 / delivered 已送达 / archived 已办结 / terminated 已终止' });
const Named = Type.Object({ id: Type.Integer(), name: Type.String() });
const Label = Type.Object({ zh: Type.String(), en: Type.String() });

/** The resident's signature on the 代办委托书, drawn on the screen: a PNG as a data URL. */
export const Signature = Type.String({
  maxLength: SIGNATURE_MAX_CHARS,
  pattern: '^data:image/png;base64,[A-Za-z0-9+/]+={0,2}$',
  description: 'the signature drawn on the screen: data:image/png;base64,… (at most 200 KB)',
});

export const FileRequestBody = Type.Object(
  {
    itemId: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'the catalogue item' }),
    personId: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'the resident, from the register' }),
    description: Type.Optional(Text(2000, 'what the resident asks for')),
    signature: Type.Optional(Signature),
  },
  { additionalProperties: false },
);

export const RequestListQuery = Type.Object(
  {
    orgUnitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'only under this node' })),
    state: Type.Optional(Literals([...PROXY_STATE_KEYS, 'open'] as const)),
    mine: Type.Optional(Type.Boolean({ description: 'only those assigned to me' })),
    itemId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
    ...Page,
  },
  { additionalProperties: false },
);

export const ActionParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 2147483647 }), action: Literals(PROXY_ACTIONS) },
  { additionalProperties: false },
);

export const ActionBody = Type.Object(
  {
    note: Type.Optional(Text(2000, 'what was done; the result when delivering')),
    reason: Type.Optional(Text(2000, 'reason (转交, 终止)')),
    agentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: '转交: the agent taking over' })),
    materials: Type.Optional(Type.Array(Material, { minItems: 1, maxItems: 40, description: '材料交接: what changes hands' })),
    rating: Type.Optional(Literals(RATING_KEYS)),
    comment: Type.Optional(Text(2000, 'rating comment')),
  },
  { additionalProperties: false },
);

const RequestSummary = {
  id: Type.Integer(),
  number: Type.String({ description: 'DB20261203-0001' }),
  state: State,
  stateName: Label,
  item: Type.Object({ id: Type.Integer(), name: Type.String(), code: Type.String(), helpLevel: HelpLevel, timeLimitDays: Type.Integer() }),
  person: Nullable(Named), // the resident in the register; null when a resident filed it with their own account and nobody linked them yet
  applicantName: Nullable(Type.String({ description: 'the name a resident gave when filing it themselves' })),
  byResident: Type.Boolean({ description: 'filed by the resident on the resident pages (their own account)' }),
  grid: Named,
  agent: Named,
  description: Nullable(Type.String()),
  entrustedAt: Timestamp,
  result: Nullable(Type.String()),
  deliveredAt: Nullable(Timestamp),
  archivedAt: Nullable(Timestamp),
  terminatedReason: Nullable(Type.String()),
  rating: Nullable(Literals(RATING_KEYS)),
  ratingName: Nullable(Type.Object({ key: Type.String(), zh: Type.String(), en: Type.String() })),
  ratingComment: Nullable(Type.String()),
  urgeCount: Type.Integer(),
  deadline: Nullable(Type.Object({ step: Nullable(Type.String()), dueAt: Timestamp, colour: Nullable(Literals(['green', 'yellow', 'red'] as const)) })),
  handledLate: Nullable(Type.Boolean({ description: 'delivered after the 办理 limit' })),
  signed: Type.Boolean({ description: 'the 代办委托书 carries a signature drawn on the screen (GET …/signature)' }),
  allowedActions: Type.Array(Literals(PROXY_ACTIONS), { description: 'the steps the caller may take now' }),
};

export const RequestItem = Type.Object(RequestSummary);
export const RequestList = Type.Object({ items: Type.Array(RequestItem), total: Type.Integer() });
export const RequestDetail = Type.Object({
  ...RequestSummary,
  events: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Timestamp,
      clientAt: Nullable(Timestamp),
      action: Type.String(),
      actionName: Label,
      actorName: Type.String(),
      fromState: Nullable(Type.String()),
      toState: Type.String(),
      note: Nullable(Type.String()),
      data: Nullable(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
});

/** 转交: the agents serving the request's grid. */
export const AgentList = Type.Object({
  items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), current: Type.Boolean({ description: 'the agent the request is with now' }) })),
});

// Printed documents (PDF).
export const DocumentParams = Type.Object(
  {
    id: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    kind: Literals(['entrust', 'handover', 'completion', 'termination'] as const, { description: 'entrust 代办委托书 / handover 材料交接单 / completion 办结单 / termination 终止单' }),
  },
  { additionalProperties: false },
);
export const DocumentQuery = Type.Object(
  { eventId: Type.Optional(Type.Integer({ minimum: 1, maximum: 9007199254740991, description: 'handover: the receiveMaterials/returnMaterials event' })) },
  { additionalProperties: false },
);

// 代办统计 (figures).
const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD)` });
export const FiguresQuery = Type.Object(
  {
    from: Type.Optional(Day('first day filed; default 1 January of this year')),
    to: Type.Optional(Day('last day filed, included; default today')),
    orgUnitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'only under this node' })),
    by: Type.Optional(Literals(['item', 'grid', 'agent'] as const, { description: 'rows per item (default), per grid with community and street totals, or per agent' })),
  },
  { additionalProperties: false },
);
const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1, description: '0–1; null when there is nothing to count' }));
const FigureFields = {
  filed: Type.Integer({ description: '受理数: filed in the period' }),
  completed: Type.Integer({ description: '办结数: delivered or archived' }),
  open: Type.Integer({ description: '在办数' }),
  terminated: Type.Integer({ description: '终止数' }),
  onTime: Type.Integer({ description: '按时办结数: completed within the item’s limit' }),
  onTimeRate: Rate,
  rated: Type.Integer({ description: '评价数' }),
  satisfactionRate: Rate,
  averageWorkingDays: Nullable(Type.Number({ description: '平均办理时长: 委托 to 送达, working days' })),
};
export const Figures = Type.Object({
  from: Type.String(),
  to: Type.String(),
  by: Literals(['item', 'grid', 'agent'] as const),
  orgUnit: Nullable(Named),
  rows: Type.Array(
    Type.Object({
      key: Type.String(),
      id: Type.Integer({ description: 'the item, node or agent' }),
      name: Type.String(),
      detail: Nullable(Type.String({ description: 'item: its code; grid: the level (grid, community, street)' })),
      total: Type.Boolean({ description: 'a community or street total' }),
      ...FigureFields,
    }),
  ),
  total: Type.Object(FigureFields),
});

// The resident pages (/api/public/…): the grid's catalogue, a resident's own requests.

export const GridCodeParams = Type.Object(
  { gridCode: Type.String({ pattern: '^([0-9]{6,20}|g[1-9][0-9]{0,9})$', description: 'the grid code on the QR card (/r/{gridCode})' }) },
  { additionalProperties: false },
);

export const GridServices = Type.Object({
  grid: Type.Object({ name: Type.String() }),
  hasAgent: Type.Boolean({ description: 'the grid has a 代办员 to take requests' }),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      helpLevel: HelpLevel,
      helpLevelName: Label,
      timeLimitDays: Type.Integer({ description: 'working days' }),
      department: Type.String(),
      serviceWindow: Nullable(Type.String()),
      fees: Nullable(Type.String()),
      materials: Type.Array(Material, { description: 'what to bring' }),
    }),
  ),
});

export const ResidentFileBody = Type.Object(
  {
    gridCode: GridCodeParams.properties.gridCode,
    itemId: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'the catalogue item' }),
    name: Text(50, 'the applicant’s name, as on their papers'),
    description: Type.Optional(Text(2000, 'what the resident asks for')),
    signature: Signature,
  },
  { additionalProperties: false },
);

export const ResidentRatingBody = Type.Object({ rating: Literals(RATING_KEYS), comment: Type.Optional(Text(2000, 'rating comment')) }, { additionalProperties: false });

const ResidentRequestSummary = {
  id: Type.Integer(),
  number: Type.String(),
  state: State,
  stateName: Label,
  item: Type.Object({ name: Type.String(), helpLevel: HelpLevel }),
  grid: Type.Object({ name: Type.String() }),
  agentName: Type.String({ description: 'the 代办员 handling it' }),
  applicantName: Nullable(Type.String()),
  description: Nullable(Type.String()),
  entrustedAt: Timestamp,
  result: Nullable(Type.String()),
  terminatedReason: Nullable(Type.String()),
  rating: Nullable(Literals(RATING_KEYS)),
  ratingName: Nullable(Label),
  canRate: Type.Boolean(),
};
export const ResidentRequestList = Type.Object({ items: Type.Array(Type.Object(ResidentRequestSummary)) });
export const ResidentRequest = Type.Object({
  ...ResidentRequestSummary,
  steps: Type.Array(
    Type.Object({ at: Timestamp, action: Type.String(), actionName: Label, note: Nullable(Type.String()), materials: Nullable(Type.Array(Type.String())) }),
  ),
});
