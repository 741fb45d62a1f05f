// Scope-matrix entries for the routes the first matrix missed: grid teams, locating, exports and
// building imports, lists and searches that take no id (their answer must list the record inside
// the scope and never the one outside), the users of a node, and case steps that name ids.
import type { Fixture, ScopedEndpoint } from './scope-matrix.js';

const MISSING_MEMBER = 2_000_000_301;
const ids = (items: Array<{ id: number }>) => items.map((i) => i.id);
const phone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export const GEO_ENDPOINTS: ScopedEndpoint[] = [
  {
    // Add a member to the fixture's grid, then take them off again. Out of scope the adding already
    // fails, and taking off a member who is not there must answer like missing.
    name: 'DELETE team member',
    permission: 'territory.write',
    call: async (c, f) => {
      const added = await c.post(`/api/geo/nodes/${f.nodeId}/team`, { role: 'volunteer', name: '志愿者', phone: phone() });
      const id = added.statusCode === 201 ? (added.json().id as number) : MISSING_MEMBER;
      return c.delete(`/api/geo/team/${id}`);
    },
  },
  { name: 'GET export of node', permission: 'territory.read', call: (c, f) => c.get(`/api/geo/export?rootId=${f.communityId}`) },
  {
    name: 'import buildings under node',
    permission: 'territory.write',
    call: (c, f) => c.post('/api/geo/buildings/import', { rootId: f.communityId, featureCollection: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [f.point.lng, f.point.lat] }, properties: { name: '矩阵新楼' } }] } }),
  },
  {
    name: 'locate a point',
    permission: 'territory.read',
    lists: (body, f: Fixture) => body.found === true && ids(body.ancestors).includes(f.communityId),
    call: (c, f) => c.get(`/api/geo/locate?lng=${f.point.lng}&lat=${f.point.lat}`),
  },
  {
    name: 'locate points',
    permission: 'territory.read',
    lists: (body, f: Fixture) => body.results[0].found === true && body.results[0].path.includes(f.communityId),
    call: (c, f) => c.post('/api/geo/locate/batch', { points: [{ lng: f.point.lng, lat: f.point.lat }] }),
  },
  {
    name: 'search nodes',
    permission: 'territory.read',
    lists: (body, f: Fixture) => ids(body.items).includes(f.nodeId),
    call: (c, f) => c.get(`/api/territory/search?q=${encodeURIComponent(f.nodeName)}`),
  },
  {
    name: 'GET users',
    permission: 'user.read',
    lists: (body, f: Fixture) => ids(body.items).includes(f.userId),
    call: (c, f) => c.get(`/api/users?q=${f.username}`),
  },
  { name: 'GET users in node', permission: 'user.read', call: (c, f) => c.get(`/api/users?orgUnitId=${f.nodeId}`) },
  {
    name: 'GET departments',
    permission: 'department.read',
    lists: (body, f: Fixture) => ids(body.items).includes(f.departmentId),
    call: (c) => c.get(`/api/departments?q=${encodeURIComponent('矩阵物业')}`),
  },
  {
    name: 'GET audit of node',
    permission: 'audit.read',
    lists: (body, f: Fixture) => body.items.some((a: { entityId: string }) => a.entityId === String(f.nodeId)),
    call: (c, f) => c.get(`/api/audit?entityType=org_unit&entityId=${f.nodeId}`),
  },
  {
    name: 'search the register',
    permission: 'register.read',
    lists: (body, f: Fixture) => ids(body.persons.items).includes(f.personId),
    call: (c, f) => c.get(`/api/register/search?q=${f.personDocument}`),
  },
  {
    name: 'GET case units',
    permission: 'case.read',
    lists: (body, f: Fixture) => body.items.some((u: { type: string; id: number }) => u.type === 'department' && u.id === f.departmentId),
    call: (c) => c.get(`/api/case-config/units?q=${encodeURIComponent('矩阵物业')}`),
  },
  {
    name: 'POST case at building',
    permission: 'case.report',
    call: (c, f) => c.post('/api/cases', { categoryKey: 'matter:01001', description: '楼前道路积存垃圾', buildingId: f.buildingId }),
  },
  {
    // The caller's own fixture case, registered by the caller (a dispatcher above it).
    name: 'register case',
    permission: 'case.read',
    roles: ['dispatcher'],
    call: (c, f) => c.post(`/api/cases/${f.caseId}/actions/register`, {}),
  },
  {
    name: 'dispatch to department',
    permission: 'case.read',
    roles: ['dispatcher'],
    missingStatus: 400,
    call: async (c, f, home) => {
      await c.post(`/api/cases/${home.caseId}/actions/register`, {});
      return c.post(`/api/cases/${home.caseId}/actions/dispatch`, { unit: `department:${f.departmentId}` });
    },
  },
  {
    name: 'dispatch to node',
    permission: 'case.read',
    roles: ['dispatcher'],
    missingStatus: 400,
    call: async (c, f, home) => {
      await c.post(`/api/cases/${home.caseId}/actions/register`, {});
      return c.post(`/api/cases/${home.caseId}/actions/dispatch`, { unit: `org_unit:${f.communityId}` });
    },
  },
  {
    name: 'merge into case',
    permission: 'case.read',
    roles: ['dispatcher'],
    missingStatus: 400,
    call: (c, f, home) => c.post(`/api/cases/${home.caseId}/actions/merge`, { target: f.caseId }),
  },
];
