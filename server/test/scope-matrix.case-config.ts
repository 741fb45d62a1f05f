// Scope-matrix entries for the case configuration: every endpoint that takes a territory node, a
// handling unit or a routing rule by id.
import type { ScopedEndpoint } from './scope-matrix.js';

const MISSING_RULE = 2_000_000_201;
const S06 = 'social:S06'; // 噪音扰民

export const CASE_CONFIG_ENDPOINTS: ScopedEndpoint[] = [
  { name: 'GET routing rules in node', permission: 'case.read', call: (c, f) => c.get(`/api/case-config/routing-rules?orgUnitId=${f.communityId}`) },
  { name: 'GET proposed unit for grid', permission: 'case.read', call: (c, f) => c.get(`/api/case-config/routing-rules/propose?categoryKey=${S06}&orgUnitId=${f.nodeId}`) },
  {
    name: 'POST routing rule',
    permission: 'case.configure',
    call: (c, f) => c.post('/api/case-config/routing-rules', { categoryKey: S06, orgUnitId: f.nodeId, unit: { type: 'org_unit', id: f.nodeId }, note: '网格内噪音由网格员先行劝导' }),
  },
  {
    name: 'POST routing rule to department',
    permission: 'case.configure',
    call: (c, f, home) => c.post('/api/case-config/routing-rules', { categoryKey: null, orgUnitId: home.nodeId, unit: { type: 'department', id: f.departmentId } }),
  },
  {
    // The fixture has no rule: make one on its grid, then change it. Out of scope the making already
    // fails, and a change of a rule that is not there must answer like missing.
    name: 'PUT routing rule',
    permission: 'case.configure',
    call: async (c, f) => {
      const made = await c.post('/api/case-config/routing-rules', { categoryKey: 'social:S05', orgUnitId: f.nodeId, unit: { type: 'org_unit', id: f.communityId } });
      const id = made.statusCode === 201 ? (made.json().id as number) : MISSING_RULE;
      return c.put(`/api/case-config/routing-rules/${id}`, { note: '养犬扰民交由社区处理' });
    },
  },
  {
    name: 'DELETE routing rule',
    permission: 'case.configure',
    call: async (c, f) => {
      const made = await c.post('/api/case-config/routing-rules', { categoryKey: 'social:S07', orgUnitId: f.nodeId, unit: { type: 'org_unit', id: f.communityId } });
      const id = made.statusCode === 201 ? (made.json().id as number) : MISSING_RULE;
      return c.delete(`/api/case-config/routing-rules/${id}`);
    },
  },
];
