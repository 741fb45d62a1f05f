// Request and answer schemas of announcements (信息公布).
import Type from 'typebox';
import { NOTICE_CATEGORY_KEYS } from '../../../../core/src/community/notices.js';
import { Literals, Nullable, Page, Text, Timestamp } from '../../http/schemas.js';

const Id = (description: string) => Type.Integer({ minimum: 1, maximum: 2147483647, description });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a date (YYYY-MM-DD) in the deployment’s zone' });
const Category = Literals(NOTICE_CATEGORY_KEYS, { description: 'notice 通知 / policy 政策 / activity 活动 / guide 办事指南' });

const fields = {
  title: Text(100, 'title'),
  body: Text(5000, 'the notice, plain text (blank lines part paragraphs)'),
  category: Category,
  publishOn: Day,
  expireOn: Nullable(Day),
  pinned: Type.Boolean({ description: '置顶: shown first' }),
};

export const CreateNoticeBody = Type.Object({ orgUnitId: Id('the node it is for: its grids all show it'), ...fields }, { additionalProperties: false });
export const UpdateNoticeBody = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });

export const NoticeListQuery = Type.Object(
  {
    orgUnitId: Type.Optional(Id('notices of this node and below')),
    status: Type.Optional(Literals(['published', 'withdrawn', 'all'] as const, { description: 'default all' })),
    ...Page,
  },
  { additionalProperties: false },
);

export const Notice = Type.Object({
  id: Type.Integer(),
  node: Type.Object({ id: Type.Integer(), name: Type.String() }),
  title: Type.String(),
  body: Type.String(),
  category: Category,
  publishOn: Type.String(),
  expireOn: Nullable(Type.String()),
  pinned: Type.Boolean(),
  status: Literals(['published', 'withdrawn'] as const),
  /** Whether residents see it today (published, inside its dates). */
  showing: Type.Boolean(),
  updatedAt: Timestamp,
});
export const NoticeList = Type.Object({ items: Type.Array(Notice), total: Type.Integer() });

/** What residents read: no staff names. */
export const PublicNotice = Type.Object({
  id: Type.Integer(),
  nodeName: Type.String({ description: 'who published it: the community, the street …' }),
  title: Type.String(),
  body: Type.String(),
  category: Category,
  publishOn: Type.String(),
  pinned: Type.Boolean(),
});
export const PublicNoticeList = Type.Object({ gridName: Type.String(), items: Type.Array(PublicNotice) });

export const GridParams = Type.Object({ gridCode: Type.String({ pattern: '^([0-9]{6,20}|g[1-9][0-9]{0,9})$', description: 'the grid’s code (as on its QR card)' }) }, { additionalProperties: false });
export const GridNoticeParams = Type.Object(
  { gridCode: GridParams.properties.gridCode, id: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { additionalProperties: false },
);
