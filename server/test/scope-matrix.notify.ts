// Scope-matrix entries for the live board. The board's stream takes the same orgUnitId and checks
// it with the same call before it opens, but an open stream never ends, so inject() cannot run it
// here (server/src/modules/board/board.test.ts reads it over a socket, 404 included). Notifications
// belong to a user, not to a territory (someone else's id answers 404: notifications.test.ts), and
// webhooks are deployment-wide (only a scope_all administrator: webhooks.test.ts).
import type { ScopedEndpoint } from './scope-matrix.js';

export const NOTIFY_ENDPOINTS: ScopedEndpoint[] = [
  { name: 'GET board summary of node', permission: 'case.read', call: (c, f) => c.get(`/api/board/summary?orgUnitId=${f.communityId}`) },
  { name: 'GET board summary of grid', permission: 'case.read', call: (c, f) => c.get(`/api/board/summary?orgUnitId=${f.nodeId}`) },
];
