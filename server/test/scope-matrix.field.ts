// Scope-matrix entries for the field app's supervisor views: one entry per endpoint that takes an id.
import type { ScopedEndpoint } from './scope-matrix.js';

export const FIELD_ENDPOINTS: ScopedEndpoint[] = [
  { name: 'GET patrols live', permission: 'user.read', call: (c, f) => c.get(`/api/field/patrols/live?nodeId=${f.communityId}`) },
];
