// Scope-matrix entries for the case loop: one entry per endpoint that takes an id. Workflow steps
// depend on the caller's relation to the case as well as on role and scope, so they are tested in
// server/src/modules/cases/cases.test.ts (out of scope answers 404 there too).
import type { ScopedEndpoint } from './scope-matrix.js';

export const CASES_ENDPOINTS: ScopedEndpoint[] = [
  { name: 'GET case', permission: 'case.read', call: (c, f) => c.get(`/api/cases/${f.caseId}`) },
  { name: 'GET case duplicates', permission: 'case.read', call: (c, f) => c.get(`/api/cases/${f.caseId}/duplicates`) },
  { name: 'GET cases in node', permission: 'case.read', call: (c, f) => c.get(`/api/cases?orgUnitId=${f.communityId}`) },
  { name: 'GET case photo', permission: 'case.read', call: (c, f) => c.get(`/api/cases/photos/${f.photoId}`) },
  { name: 'GET case photo thumbnail', permission: 'case.read', call: (c, f) => c.get(`/api/cases/photos/${f.photoId}/thumb`) },
];
