// Request and response schemas of patrols (巡查) from the field app.
import Type from 'typebox';
import { Nullable, Page, Timestamp } from '../../http/schemas.js';

/** Points per request: a phone sends its track in pieces (one point every few seconds). */
export const MAX_POINTS_PER_CALL = 500;

export const PatrolParams = Type.Object(
  { uuid: Type.String({ format: 'uuid', maxLength: 36, description: 'the patrol’s id, made on the phone' }) },
  { additionalProperties: false },
);

export const StartBody = Type.Object(
  { startedAt: Type.String({ format: 'date-time', description: 'when the walk began on the phone' }) },
  { additionalProperties: false },
);

export const PointsBody = Type.Object(
  {
    points: Type.Array(
      Type.Object(
        {
          seq: Type.Integer({ minimum: 0, maximum: 1000000, description: 'the point’s number in the track; one already stored is ignored' }),
          at: Type.String({ format: 'date-time', description: 'when it was measured' }),
          lng: Type.Number({ minimum: -180, maximum: 180, description: 'longitude, WGS-84' }),
          lat: Type.Number({ minimum: -90, maximum: 90, description: 'latitude, WGS-84' }),
          accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100000, description: 'metres, as the phone reports it' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_POINTS_PER_CALL },
    ),
  },
  { additionalProperties: false },
);

export const StopBody = Type.Object(
  { endedAt: Type.String({ format: 'date-time', description: 'when the walk ended on the phone' }) },
  { additionalProperties: false },
);

const GridShare = Type.Object({ id: Type.Integer(), name: Type.String(), coveredShare: Type.Number({ description: 'share of the track in this grid, 0–1' }) });

export const Patrol = Type.Object({
  uuid: Type.String(),
  startedAt: Timestamp,
  endedAt: Nullable(Timestamp),
  pointCount: Type.Integer(),
  distanceM: Nullable(Type.Number({ description: 'metres walked (known at stop)' })),
  grids: Type.Array(GridShare, { description: 'grids the track went through (known at stop)' }),
});
export const PatrolList = Type.Object({ items: Type.Array(Patrol), total: Type.Integer() });
export const PointsAnswer = Type.Object({ accepted: Type.Integer({ description: 'points stored by this call' }), pointCount: Type.Integer() });
export const StopAnswer = Type.Object({ distanceM: Type.Number(), grids: Type.Array(GridShare) });

export const ListQuery = Type.Object({ ...Page }, { additionalProperties: false });
export const LiveQuery = Type.Object(
  { nodeId: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'the node (street, community, grid) to watch' }) },
  { additionalProperties: false },
);

const LngLat = Type.Tuple([Type.Number(), Type.Number()]);
export const Live = Type.Object({
  workers: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      name: Type.String(),
      patrolling: Type.Boolean({ description: 'a patrol started today and not stopped' }),
      last: Nullable(Type.Object({ lng: Type.Number(), lat: Type.Number(), at: Timestamp })),
    }),
  ),
  tracks: Type.Array(
    Type.Object({
      uuid: Type.String(),
      userId: Type.Integer(),
      name: Type.String(),
      startedAt: Timestamp,
      endedAt: Nullable(Timestamp),
      points: Type.Array(LngLat, { description: '[lng, lat] in order (thinned to at most 500)' }),
    }),
  ),
});
