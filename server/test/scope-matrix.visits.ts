// Scope-matrix entries for household visits, 五必访 reminders, coverage: one entry per endpoint that takes an id.
import type { ScopedEndpoint } from './scope-matrix.js';

const MISSING_REMINDER = 2_000_000_101;

export const VISITS_ENDPOINTS: ScopedEndpoint[] = [
  {
    name: 'POST visit',
    permission: 'register.write',
    call: (c, f) => c.post('/api/register/visits', { householdId: f.householdId, kind: 'routine', findings: '家中一切正常，老人身体健康' }),
  },
  { name: 'GET visit', permission: 'register.read', call: (c, f) => c.get(`/api/register/visits/${f.visitId}`) },
  { name: 'GET visits of household', permission: 'register.read', call: (c, f) => c.get(`/api/register/visits?householdId=${f.householdId}`) },
  { name: 'GET visits in node', permission: 'register.read', call: (c, f) => c.get(`/api/register/visits?orgUnitId=${f.communityId}`) },
  { name: 'GET not visited', permission: 'register.read', call: (c, f) => c.get(`/api/register/visits/overdue?orgUnitId=${f.communityId}&days=30`) },
  {
    name: 'POST reminder',
    permission: 'register.write',
    call: (c, f) => c.post('/api/register/visit-reminders', { householdId: f.householdId, reason: 'hardship', note: '家中失业，生活困难' }),
  },
  { name: 'GET reminders in node', permission: 'register.read', call: (c, f) => c.get(`/api/register/visit-reminders?orgUnitId=${f.nodeId}`) },
  { name: 'GET reminders of household', permission: 'register.read', call: (c, f) => c.get(`/api/register/visit-reminders?householdId=${f.householdId}`) },
  {
    // The fixture has no reminder: raise one on the household, then cancel it. Out of scope the raise
    // already fails, and the cancel of a reminder that is not there must answer like missing.
    name: 'cancel reminder',
    permission: 'register.write',
    call: async (c, f) => {
      const raised = await c.post('/api/register/visit-reminders', { householdId: f.householdId, reason: 'festival' });
      const id = raised.statusCode === 201 ? (raised.json().id as number) : MISSING_REMINDER;
      return c.post(`/api/register/visit-reminders/${id}/cancel`, { reason: '矩阵测试' });
    },
  },
  // 民情日记: a note on a grid or about a household in scope; supervisors read a node's notes.
  { name: 'POST diary note on grid', permission: 'register.write', call: (c, f) => c.post('/api/field/diary', { gridId: f.nodeId, text: '楼下广场舞音量较大，居民有意见' }) },
  { name: 'POST diary note on household', permission: 'register.write', call: (c, f) => c.post('/api/field/diary', { householdId: f.householdId, text: '老人独居，子女每周探望一次' }) },
  { name: 'GET diary notes in node', permission: 'register.read', call: (c, f) => c.get(`/api/field/diary?nodeId=${f.communityId}`) },
  { name: 'GET residence expiring', permission: 'register.read', call: (c, f) => c.get(`/api/register/residence-expiring?orgUnitId=${f.communityId}`) },
  { name: 'GET coverage', permission: 'register.read', call: (c, f) => c.get(`/api/register/coverage?orgUnitId=${f.nodeId}`) },
  { name: 'GET coverage items', permission: 'register.read', call: (c, f) => c.get(`/api/register/coverage/items?orgUnitId=${f.communityId}&rule=duplicate_document`) },
];
