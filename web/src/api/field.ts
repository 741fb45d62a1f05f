// The field app's records as supervisors see them in the console (GET /api/field/patrols/live): today’s
// patrols (巡查) under a node. Shapes come from the server's schemas (see wire.ts).
import type * as F from '@server-schema/patrol';
import { http } from './http';
import type { Id } from './types';
import type { Wire } from './wire';

/** Today's tracks and each grid worker's last position under a node. */
export type PatrolsLive = Wire<typeof F.Live>;
export type PatrolTrack = PatrolsLive['tracks'][number];
export type PatrolWorker = PatrolsLive['workers'][number];

export const fieldApi = {
  /** quiet: a refresh in the background that fails keeps the last picture rather than popping errors every 30 s. */
  livePatrols: (nodeId: Id) => http.get<PatrolsLive>('/api/field/patrols/live', { nodeId } satisfies Wire<typeof F.LiveQuery>, { quiet: true }),
};
