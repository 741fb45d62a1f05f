// Request and answer schemas of the 红色物业 service supermarket (providers, services, orders).
import Type from 'typebox';
import { RATING_KEYS } from '../../../../core/src/cases/workflow-inputs.js';
import { PROVIDER_KIND_KEYS, SHOP_ACTIONS, SHOP_STATE_KEYS } from '../../../../core/src/shop/workflow.js';
import { Literals, Name, Nullable, Page, Phone, Text, Timestamp } from '../../http/schemas.js';
export { GridParams } from '../notices/schema.js';

const Id = (description: string) => Type.Integer({ minimum: 1, maximum: 2147483647, description });
const Kind = Literals(PROVIDER_KIND_KEYS, { description: 'property 物业 / housekeeping 家政 / repair 维修 / elderly_care 养老' });
const State = Literals(SHOP_STATE_KEYS, { description: 'ordered 待接单 / accepted 服务中 / completed 已完成 / cancelled 已取消' });
const Status = Literals(['active', 'retired'] as const, { description: 'retired: no longer offered' });
const TrackingCode = Type.String({ pattern: '^[2-9A-HJKMNP-Z]{10}$', description: 'the tracking code (查询码) shown once' });
const Label = Type.Object({ zh: Type.String(), en: Type.String() });

const providerFields = {
  name: Text(100, 'provider name'),
  kind: Kind,
  contactName: Name(50, 'contact person'),
  contactPhone: Phone,
  address: Nullable(Text(200, 'address')),
  description: Nullable(Text(500, 'what it does')),
};
export const CreateProviderBody = Type.Object({ orgUnitId: Id('the node it serves: a 小区’s grid or a whole community'), ...providerFields }, { additionalProperties: false });
export const UpdateProviderBody = Type.Partial(Type.Object({ ...providerFields, status: Status }), { additionalProperties: false, minProperties: 1 });

const serviceFields = {
  name: Text(60, 'service name'),
  priceFen: Type.Integer({ minimum: 0, maximum: 100000000, description: 'price in 分 (1 元 = 100)' }),
  unit: Text(10, 'per what: 次, 小时, 平方米 …'),
  description: Nullable(Text(300, 'what is included')),
};
export const CreateServiceBody = Type.Object(serviceFields, { additionalProperties: false });
export const UpdateServiceBody = Type.Partial(Type.Object({ ...serviceFields, status: Status }), { additionalProperties: false, minProperties: 1 });
export const ServiceParams = Type.Object({ id: Id('provider id'), serviceId: Id('service id') }, { additionalProperties: false });

export const Service = Type.Object({ id: Type.Integer(), name: Type.String(), priceFen: Type.Integer(), unit: Type.String(), description: Nullable(Type.String()), status: Status });
export const Provider = Type.Object({
  id: Type.Integer(),
  node: Type.Object({ id: Type.Integer(), name: Type.String() }),
  name: Type.String(),
  kind: Kind,
  contactName: Type.String(),
  contactPhone: Type.String(),
  address: Nullable(Type.String()),
  description: Nullable(Type.String()),
  status: Status,
  services: Type.Array(Service),
});
export const ProviderList = Type.Object({ items: Type.Array(Provider), total: Type.Integer() });
export const ProviderListQuery = Type.Object(
  { orgUnitId: Type.Optional(Id('serving this node or below')), status: Type.Optional(Literals(['active', 'retired', 'all'] as const, { description: 'default active' })), ...Page },
  { additionalProperties: false },
);

/** The supermarket as a grid's residents see it: the providers serving the grid and their services. */
export const PublicShop = Type.Object({
  gridName: Type.String(),
  providers: Type.Array(
    Type.Object({ id: Type.Integer(), name: Type.String(), kind: Kind, contactPhone: Type.String(), description: Nullable(Type.String()), services: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), priceFen: Type.Integer(), unit: Type.String(), description: Nullable(Type.String()) })) }),
  ),
});

export const OrderBody = Type.Object(
  {
    serviceId: Id('the service ordered'),
    wantedAt: Type.String({ format: 'date-time', description: 'when the resident wants it (ISO 8601 with zone)' }),
    address: Text(200, 'where: building, unit, room'),
    phone: Phone,
    contactName: Type.Optional(Name(50, 'how to address the resident')),
    note: Type.Optional(Text(500, 'anything the provider should know')),
  },
  { additionalProperties: false },
);
export const OrderAnswer = Type.Object({ number: Type.String(), trackingCode: TrackingCode, replayed: Type.Boolean() });
export const CodeParams = Type.Object({ code: TrackingCode }, { additionalProperties: false });
export const PublicRatingBody = Type.Object({ rating: Literals(RATING_KEYS), comment: Type.Optional(Text(500, 'comment')) }, { additionalProperties: false });
export const PublicCancelBody = Type.Object({ reason: Text(500, 'why the order is no longer needed') }, { additionalProperties: false });

const Step = Type.Object({ at: Timestamp, action: Type.String(), actionName: Label, note: Nullable(Type.String()) });

export const PublicOrder = Type.Object({
  number: Type.String(),
  state: State,
  stateName: Label,
  provider: Type.Object({ name: Type.String(), contactPhone: Type.String() }),
  service: Type.Object({ name: Type.String(), priceFen: Type.Integer(), unit: Type.String() }),
  wantedAt: Timestamp,
  address: Type.String(),
  rating: Nullable(Literals(RATING_KEYS)),
  canRate: Type.Boolean(),
  canCancel: Type.Boolean(),
  steps: Type.Array(Step),
});

export const OrderListQuery = Type.Object(
  {
    orgUnitId: Type.Optional(Id('orders of this node and below')),
    state: Type.Optional(Type.Union([State, Type.Literal('open')], { description: 'a state, or open (待接单 and 服务中)' })),
    providerId: Type.Optional(Id('of this provider')),
    late: Type.Optional(Type.Boolean({ description: 'only orders that became a case' })),
    ...Page,
  },
  { additionalProperties: false },
);

const OrderSummary = {
  id: Type.Integer(),
  number: Type.String(),
  state: State,
  stateName: Label,
  grid: Type.Object({ id: Type.Integer(), name: Type.String() }),
  provider: Type.Object({ id: Type.Integer(), name: Type.String(), contactPhone: Type.String() }),
  service: Type.Object({ id: Type.Integer(), name: Type.String(), priceFen: Type.Integer(), unit: Type.String() }),
  wantedAt: Timestamp,
  address: Type.String(),
  contactName: Nullable(Type.String()),
  phone: Type.String({ description: 'masked (138****1234)' }),
  note: Nullable(Type.String()),
  createdAt: Timestamp,
  completionNote: Nullable(Type.String()),
  cancelledReason: Nullable(Type.String()),
  rating: Nullable(Literals(RATING_KEYS)),
  ratingComment: Nullable(Type.String()),
  urgeCount: Type.Integer(),
  deadline: Nullable(Type.Object({ step: Nullable(Type.String()), dueAt: Timestamp, colour: Nullable(Literals(['green', 'yellow', 'red'] as const)) })),
  lateCase: Nullable(Type.Object({ id: Type.Integer(), number: Type.String() })),
  allowedActions: Type.Array(Literals(SHOP_ACTIONS), { description: 'the steps the caller may take now' }),
};
export const Order = Type.Object(OrderSummary);
export const OrderList = Type.Object({ items: Type.Array(Order), total: Type.Integer() });
export const OrderDetail = Type.Object({
  ...OrderSummary,
  events: Type.Array(Type.Object({ id: Type.Integer(), at: Timestamp, action: Type.String(), actionName: Label, actorName: Type.String(), fromState: Nullable(Type.String()), toState: Type.String(), note: Nullable(Type.String()), data: Nullable(Type.Record(Type.String(), Type.Unknown())) })),
});

export const OrderActionParams = Type.Object({ id: Id('order id'), action: Literals(SHOP_ACTIONS, { description: 'a workflow step' }) }, { additionalProperties: false });
export const OrderActionBody = Type.Object(
  {
    note: Type.Optional(Text(2000, 'what the provider said or did')),
    reason: Type.Optional(Text(2000, 'reason')),
    providerId: Type.Optional(Id('改派: the provider taking over')),
    rating: Type.Optional(Type.String({ maxLength: 24 })),
    comment: Type.Optional(Text(2000, 'what the resident said (回访)')),
  },
  { additionalProperties: false },
);
