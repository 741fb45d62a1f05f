// Request and answer schemas of residents' questions and suggestions (咨询、建议).
import Type from 'typebox';
import { CONSULTATION_KIND_KEYS, CONSULTATION_STATE_KEYS } from '../../../../core/src/community/notices.js';
import { Literals, Name, Nullable, Page, Phone, Text, Timestamp } from '../../http/schemas.js';

export { GridParams } from '../notices/schema.js';

const Id = (description: string) => Type.Integer({ minimum: 1, maximum: 2147483647, description });
const Kind = Literals(CONSULTATION_KIND_KEYS, { description: 'question 咨询 / suggestion 建议' });
const State = Literals(CONSULTATION_STATE_KEYS, { description: 'open 待答复 / answered 已答复 / case 已转案件 / proxy 已转代办' });
const TrackingCode = Type.String({ pattern: '^[2-9A-HJKMNP-Z]{10}$', description: 'the tracking code (查询码) shown once' });

export const AskBody = Type.Object(
  {
    kind: Kind,
    text: Text(1000, 'the question or suggestion'),
    contactName: Type.Optional(Name(50, 'how to address the resident')),
    phone: Type.Optional(Phone),
  },
  { additionalProperties: false },
);
export const AskAnswer = Type.Object({ trackingCode: TrackingCode, replayed: Type.Boolean() });
export const CodeParams = Type.Object({ code: TrackingCode }, { additionalProperties: false });

export const PublicConsultation = Type.Object({
  kind: Kind,
  text: Type.String(),
  state: State,
  createdAt: Timestamp,
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Timestamp),
  case: Nullable(Type.Object({ number: Type.String(), stateZh: Type.String(), stateEn: Type.String() })),
  proxyItem: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
});

export const ConsultationListQuery = Type.Object(
  {
    orgUnitId: Type.Optional(Id('of this node and below')),
    state: Type.Optional(State),
    kind: Type.Optional(Kind),
    ...Page,
  },
  { additionalProperties: false },
);

export const Consultation = Type.Object({
  id: Type.Integer(),
  grid: Type.Object({ id: Type.Integer(), name: Type.String() }),
  kind: Kind,
  text: Type.String(),
  contactName: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'masked (138****1234)' })),
  state: State,
  answer: Nullable(Type.String()),
  answeredBy: Nullable(Type.String()),
  answeredAt: Nullable(Timestamp),
  caseId: Nullable(Type.Integer()),
  proxyItem: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  createdAt: Timestamp,
});
export const ConsultationList = Type.Object({ items: Type.Array(Consultation), total: Type.Integer() });

export const AnswerBody = Type.Object({ answer: Text(2000, 'the answer the resident reads') }, { additionalProperties: false });
export const ToCaseBody = Type.Object(
  {
    categoryKey: Type.Optional(Type.String({ minLength: 3, maxLength: 24, pattern: '^(component|matter|social):[A-Z0-9]{2,6}$', description: "the case's category (default social:S02 民生诉求)" })),
    answer: Type.Optional(Text(2000, 'what the resident reads (default: the case number)')),
  },
  { additionalProperties: false },
);
export const ToProxyBody = Type.Object(
  { itemId: Id('the proxy-service item (代办事项) the resident can ask for'), answer: Text(2000, 'what the resident reads') },
  { additionalProperties: false },
);
