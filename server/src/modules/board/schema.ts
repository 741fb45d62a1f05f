// Request and answer shapes of the live board (/api/board).
import Type from 'typebox';
import { Nullable, Timestamp } from '../../http/schemas.js';

export const BoardQuery = Type.Object(
  { orgUnitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'only cases in this territory node and below' })) },
  { additionalProperties: false },
);

const Colour = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]);

export const BoardRow = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: 'case number, e.g. 20261124-0001' }),
  categoryKey: Type.String(),
  categoryName: Type.String(),
  state: Type.String(),
  priority: Type.String(),
  address: Nullable(Type.String()),
  description: Type.String({ description: 'the first 100 characters' }),
  orgUnitId: Type.Integer({ description: 'the grid of the case' }),
  orgUnitName: Type.String(),
  reportedAt: Timestamp,
  reportedClientAt: Nullable(Timestamp), // X-Client-Time of the report: the phone's time (null: not sent)
  updatedAt: Timestamp,
  colour: Nullable(Colour),
  change: Type.Optional(Type.Union([Type.Literal('new'), Type.Literal('updated')], { description: 'stream only: a new case or a change' })),
});

export const BoardSummary = Type.Object({
  byState: Type.Record(Type.String(), Type.Integer(), { description: 'cases per state' }),
  byColour: Type.Object(
    { green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer(), none: Type.Integer({ description: 'open cases without a running time limit' }) },
    { description: 'open cases per deadline colour' },
  ),
  today: Type.Object({ new: Type.Integer({ description: 'reported since local midnight' }), closed: Type.Integer({ description: 'closed since local midnight' }) }),
  latest: Type.Array(BoardRow, { description: 'the 20 cases changed last, newest first' }),
  at: Timestamp,
});
