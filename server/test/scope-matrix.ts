// The data-scope matrix: every endpoint that takes an id or lists scoped rows, for every role, with
// an id inside the caller's scope, one outside it, and one that does not exist. Adding an endpoint is
// one entry; a route of the app no entry calls (and not public or for any signed-in user) fails.
import type { LightMyRequestResponse } from 'fastify';
import type { Permission, RoleKey } from '../../core/src/roles.js';
import type { Client, TestApp } from './harness.js';
import { clientFor, nodeByCode } from './harness.js';
import { insertUser, replaceScopes } from '../src/modules/users/repo.js';
import { mod11_2CheckChar } from '../../core/src/register/id-card.js';
import { buildings } from '../src/db/schema.js';
import { systemActor } from '../src/actor.js';
import { createNode } from '../src/modules/territory/service.js';
import { createDepartment } from '../src/modules/departments/service.js';
import { createPerson, updatePerson } from '../src/modules/register/service.js';
import { createDwelling } from '../src/modules/housing/service.js';
import { addMember, createHousehold } from '../src/modules/housing/households.js';
import { addTenant, createRental } from '../src/modules/housing/rentals.js';
import { createPlace } from '../src/modules/places/service.js';
import { createComponent } from '../src/modules/places/components.js';
import { logVisit } from '../src/modules/visits/service.js';
import { gridsOf, pointIn, PNG } from '../src/modules/cases/test-factories.js';
import { HOUSING_ENDPOINTS } from './scope-matrix.housing.js';
import { PLACES_ENDPOINTS } from './scope-matrix.places.js';
import { VISITS_ENDPOINTS } from './scope-matrix.visits.js';
import { LEDGER_ENDPOINTS } from './scope-matrix.ledger.js';
import { CASES_ENDPOINTS } from './scope-matrix.cases.js';
import { CASE_CONFIG_ENDPOINTS } from './scope-matrix.case-config.js';
import { NOTIFY_ENDPOINTS } from './scope-matrix.notify.js';
import { GEO_ENDPOINTS } from './scope-matrix.geo.js';
import { FIELD_ENDPOINTS } from './scope-matrix.field.js';
import { PROXY_ENDPOINTS } from './scope-matrix.proxy.js';
import { buildCommunityRecords, COMMUNITY_ENDPOINTS, MISSING_COMMUNITY, type CommunityRecords } from './scope-matrix.community.js';
import { fileRequest } from '../src/modules/proxy/requests.js';
import { proxyItems } from '../src/db/schema.js';

/** One record of each kind, all in one community. */
export interface Fixture extends CommunityRecords {
  nodeId: number; // a grid under the community
  nodeName: string;
  communityId: number;
  departmentId: number; // owned by the community
  userId: number; // bound to the grid
  username: string;
  personId: number; // lives in the grid, in dwellingId, member of householdId
  personName: string;
  personDocument: string; // the 居民身份证 number
  buildingId: number;
  dwellingId: number;
  householdId: number;
  rentalId: number; // dwellingId let to personId
  placeId: number; // a shop in the grid
  componentId: number;
  visitId: number; // a visit to householdId
  caseId: number; // a case reported at the building (so in a drawn grid of the community), state reported
  photoId: number; // a photo of caseId
  point: { lng: number; lat: number }; // a point in a drawn grid of the community
  proxyRequestId: number; // a 代办 for personId, with the grid's own 代办员
  proxyItemId: number;
}

export const MISSING: Fixture = { nodeId: 2_000_000_001, nodeName: '不存在的网格', communityId: 2_000_000_002, departmentId: 2_000_000_003, userId: 2_000_000_004, username: 'missing', personId: 2_000_000_005,
  personName: '不存在的居民', personDocument: '410105194901010014', buildingId: 2_000_000_006, dwellingId: 2_000_000_007, householdId: 2_000_000_008, rentalId: 2_000_000_009, placeId: 2_000_000_010,
  componentId: 2_000_000_011, visitId: 2_000_000_012, caseId: 2_000_000_013, photoId: 2_000_000_014, point: { lng: 100.5, lat: 30.5 },
  proxyRequestId: 2_000_000_015, proxyItemId: 2_000_000_016, ...MISSING_COMMUNITY,
};

/** A deployment-wide administrator per test app, for the two steps that go through the API (photo, report). */
const admins = new WeakMap<TestApp, Promise<Client>>();
const adminOf = (t: TestApp) => {
  if (!admins.has(t)) admins.set(t, clientFor(t, { roles: ['admin'], scopeAll: true }).then((r) => r.client));
  return admins.get(t)!;
};
const points = new Map<string, Promise<{ lng: number; lat: number }>>();

async function made(res: Promise<LightMyRequestResponse>) {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(`fixture: ${r.statusCode} ${r.body}`);
  return r.json();
}

let seq = 0;
/** One record of each kind in a new grid of the community, made by the services as an administrator would. */
export async function buildFixture(t: TestApp, communityCode: string): Promise<Fixture> {
  const db = t.database.db;
  const deps = { db, crypto: t.crypto, timeZone: 'Asia/Shanghai' };
  const sys = systemActor();
  const admin = await adminOf(t);
  const community = await nodeByCode(t, communityCode);
  if (!points.has(communityCode)) points.set(communityCode, gridsOf(t, communityCode).then((g) => pointIn(t, g.grids[0]!.id)));
  const point = await points.get(communityCode)!;
  const n = ++seq;
  const nodeName = `矩阵网格${n}`;
  const grid = await createNode(db, sys, { parentId: community.id, name: nodeName, level: 3 });
  const dept = await createDepartment(db, sys, { name: `矩阵物业${n}`, kind: 'property', orgUnitId: community.id });
  // Users come from the factory: the users service would hash a fresh initial password (argon2, slow) thousands of times.
  const user = await insertUser(db, { username: `matrix${n}`, displayName: `矩阵用户${n}`, roles: ['grid_worker_a'], passwordHash: 'x' });
  await replaceScopes(db, user.id, [grid.id], []);
  // A valid, distinct 居民身份证 per fixture: the birth date moves a day per fixture.
  const born = new Date(Date.UTC(1950, 0, 1) + n * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const doc = `410105${born}${String(n % 1000).padStart(3, '0')}`;
  const personName = `矩阵居民${n}`;
  const personDocument = doc + mod11_2CheckChar(doc);
  const person = await createPerson(deps, sys, { orgUnitId: grid.id, name: personName, documentNumber: personDocument });
  // No service makes a single building (they are imported and located by boundary; the fixture grid
  // has none): placed in the grid at a point of the community's first drawn grid.
  const [building] = await db.insert(buildings).values({ orgUnitId: grid.id, name: `矩阵楼${n}`, number: `${n}号楼`, lng: point.lng, lat: point.lat }).returning();
  const dwelling = await createDwelling(deps, sys, { buildingId: building!.id, unit: '1', floor: 5, room: '501' });
  await updatePerson(deps, sys, person.id, { dwellingId: dwelling.id });
  const household = await createHousehold(deps, sys, { dwellingId: dwelling.id });
  await addMember(deps, sys, household.id, { personId: person.id, relation: 'self' });
  const rental = await createRental(deps, sys, { dwellingId: dwelling.id, landlordName: '矩阵房东', startDate: '2026-01-01' });
  await addTenant(deps, sys, rental.id, { personId: person.id, fromDate: '2026-01-01' });
  const place = await createPlace(deps, sys, { orgUnitId: grid.id, kind: 'shop', name: `矩阵便利店${n}`, address: `矩阵路${n}号` });
  const component = await createComponent(deps, sys, { orgUnitId: grid.id, categoryCode: '01037', lng: 113.6712, lat: 34.7712 });
  const visit = await logVisit(deps, sys, { householdId: household.id, kind: 'routine', findings: '家中一切正常' });
  // The case goes through the intake writer of the running app: reported at the building.
  const photo = await made(admin.request('POST', '/api/cases/photos', PNG, { 'content-type': 'image/png' }));
  const report = await made(admin.post('/api/cases', { categoryKey: 'matter:01001', description: '矩阵测试：路面积存垃圾', buildingId: building!.id, photoIds: [photo.id] }));
  // The grid's own 代办员, and a 代办 filed for the resident.
  const agent = await insertUser(db, { username: `matrixagent${n}`, displayName: `矩阵代办员${n}`, roles: ['proxy_agent'], passwordHash: 'x' });
  await replaceScopes(db, agent.id, [grid.id], []);
  const [item] = await db.select({ id: proxyItems.id }).from(proxyItems).limit(1);
  const signature = `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`;
  const proxy = await fileRequest({ db, timeZone: 'Asia/Shanghai', files: t.files }, sys, { itemId: item!.id, personId: person.id, description: '矩阵测试：代办高龄津贴', signature });
  const communityRecords = await buildCommunityRecords(t, grid);
  return {
    ...communityRecords,
    proxyRequestId: proxy.id, proxyItemId: item!.id,
    caseId: report.case.id, photoId: photo.id, point,
    nodeId: grid.id, nodeName, communityId: community.id, departmentId: dept.id, userId: user.id, username: user.username, personId: person.id, personName, personDocument,
    buildingId: building!.id, dwellingId: dwelling.id, householdId: household.id, rentalId: rental.id, placeId: place.id,
    componentId: component.id, visitId: visit.id,
  };
}

export interface ScopedEndpoint {
  name: string;
  permission: Permission;
  /** Only these roles may take the step (a workflow action): the others get 403 in scope too. */
  roles?: RoleKey[];
  /** The answer to a missing id when not 404 (an id in a body that names no row: 400). */
  missingStatus?: number;
  /** A list: whether the answer lists the fixture's record (never outside the scope; inside it, yes). */
  lists?: (body: any, f: Fixture) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * Calls the endpoint on the records of `f`; `home` is another fixture inside the caller's scope,
   * built only for a call that declares this third parameter.
   */
  call(c: Client, f: Fixture, home: Fixture): Promise<LightMyRequestResponse>;
}

export const SCOPED_ENDPOINTS: ScopedEndpoint[] = [
  { name: 'GET node', permission: 'territory.read', call: (c, f) => c.get(`/api/territory/nodes/${f.nodeId}`) },
  { name: 'GET children', permission: 'territory.read', call: (c, f) => c.get(`/api/territory/nodes?parentId=${f.communityId}`) },
  {
    name: 'POST child node',
    permission: 'territory.write',
    call: (c, f) => c.post('/api/territory/nodes', { parentId: f.nodeId, name: '矩阵单元网格', level: 4 }),
  },
  { name: 'PATCH node', permission: 'territory.write', call: (c, f) => c.patch(`/api/territory/nodes/${f.nodeId}`, { name: '改名网格' }) },
  {
    name: 'move node',
    permission: 'territory.write',
    call: (c, f, home) => c.post(`/api/territory/nodes/${f.nodeId}/move`, { parentId: home.communityId }),
  },
  {
    name: 'move node under',
    permission: 'territory.write',
    call: (c, f, home) => c.post(`/api/territory/nodes/${home.nodeId}/move`, { parentId: f.communityId }),
  },
  { name: 'retire node', permission: 'territory.write', call: (c, f) => c.post(`/api/territory/nodes/${f.nodeId}/retire`, { reason: '矩阵测试' }) },
  { name: 'GET user', permission: 'user.read', call: (c, f) => c.get(`/api/users/${f.userId}`) },
  { name: 'PATCH user', permission: 'user.write', call: (c, f) => c.patch(`/api/users/${f.userId}`, { displayName: '改名用户' }) },
  { name: 'reset password', permission: 'user.write', call: (c, f) => c.post(`/api/users/${f.userId}/reset-password`) },
  {
    name: 'POST user in node',
    permission: 'user.write',
    call: (c, f) => c.post('/api/users', { username: `m${Date.now()}${Math.floor(Math.random() * 1e6)}`, displayName: '新网格员', roles: ['grid_worker_a'], orgUnitIds: [f.nodeId] }),
  },
  {
    name: 'POST user in department',
    permission: 'user.write',
    call: (c, f) => c.post('/api/users', { username: `d${Date.now()}${Math.floor(Math.random() * 1e6)}`, displayName: '新处置员', roles: ['dept_handler'], orgUnitIds: [], departmentIds: [f.departmentId] }),
  },
  {
    name: 'POST department',
    permission: 'department.write',
    call: (c, f) => c.post('/api/departments', { name: '矩阵城管中队', kind: 'city_management', orgUnitId: f.nodeId }),
  },
  { name: 'PATCH department', permission: 'department.write', call: (c, f) => c.patch(`/api/departments/${f.departmentId}`, { contactName: '周建华' }) },
  { name: 'retire department', permission: 'department.write', call: (c, f) => c.post(`/api/departments/${f.departmentId}/retire`, { reason: '矩阵测试' }) },
  { name: 'GET grid card', permission: 'territory.read', call: (c, f) => c.get(`/api/geo/nodes/${f.nodeId}`) },
  { name: 'GET features', permission: 'territory.read', call: (c, f) => c.get(`/api/geo/features?rootId=${f.communityId}`) },
  { name: 'GET tiling', permission: 'territory.read', call: (c, f) => c.get(`/api/geo/nodes/${f.communityId}/tiling`) },
  { name: 'GET team', permission: 'territory.read', call: (c, f) => c.get(`/api/geo/nodes/${f.nodeId}/team`) },
  { name: 'GET contact card', permission: 'territory.read', call: (c, f) => c.get(`/api/geo/nodes/${f.nodeId}/contact-card`) },
  { name: 'GET buildings', permission: 'territory.read', call: (c, f) => c.get(`/api/geo/buildings?rootId=${f.communityId}`) },
  {
    name: 'POST team member',
    permission: 'territory.write',
    call: (c, f) => c.post(`/api/geo/nodes/${f.nodeId}/team`, { role: 'volunteer', name: '志愿者', phone: `139${String(++seq).padStart(8, '0')}` }),
  },
  {
    name: 'PUT draft geometry',
    permission: 'territory.write',
    call: (c, f) => c.put(`/api/geo/nodes/${f.nodeId}/geometry`, { geometry: SQUARE, draft: true }),
  },
  {
    name: 'import (dry run)',
    permission: 'territory.write',
    call: (c, f) =>
      c.post('/api/geo/import', { parentId: f.nodeId, dryRun: true, featureCollection: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: SQUARE, properties: { name: '矩阵单元' } }] } }),
  },
  { name: 'GET person', permission: 'register.read', call: (c, f) => c.get(`/api/register/persons/${f.personId}`) },
  { name: 'GET persons in node', permission: 'register.read', call: (c, f) => c.get(`/api/register/persons?orgUnitId=${f.nodeId}`) },
  { name: 'reveal person', permission: 'register.reveal', call: (c, f) => c.post(`/api/register/persons/${f.personId}/reveal`, { fields: ['documentNumber'], reason: '矩阵测试' }) },
  {
    name: 'POST person',
    permission: 'register.write',
    call: (c, f) => {
      const doc = `41010519900101${String(++seq % 1000).padStart(3, '0')}`;
      return c.post('/api/register/persons', { orgUnitId: f.nodeId, name: '矩阵新居民', documentNumber: doc + mod11_2CheckChar(doc) });
    },
  },
  { name: 'PATCH person', permission: 'register.write', call: (c, f) => c.patch(`/api/register/persons/${f.personId}`, { occupation: '退休教师' }) },
  { name: 'verify person', permission: 'register.write', call: (c, f) => c.post(`/api/register/persons/${f.personId}/verify`) },
  { name: 'tag person', permission: 'register.write', call: (c, f) => c.put(`/api/register/persons/${f.personId}/tags/elderly_alone`, {}) },
  {
    name: 'untag person',
    permission: 'register.write',
    call: async (c, f) => {
      await c.put(`/api/register/persons/${f.personId}/tags/disabled`, {});
      return c.delete(`/api/register/persons/${f.personId}/tags/disabled`);
    },
  },
  { name: 'deregister person', permission: 'register.write', call: (c, f) => c.post(`/api/register/persons/${f.personId}/deregister`, { reason: 'moved_out' }) },
  { name: 'GET persons filtered by tag in node', permission: 'register.read', call: (c, f) => c.get(`/api/register/persons?orgUnitId=${f.nodeId}&tag=elderly_alone`) },
  ...HOUSING_ENDPOINTS,
  ...PLACES_ENDPOINTS,
  ...VISITS_ENDPOINTS,
  ...LEDGER_ENDPOINTS,
  ...CASES_ENDPOINTS,
  ...CASE_CONFIG_ENDPOINTS,
  ...NOTIFY_ENDPOINTS,
  ...GEO_ENDPOINTS,
  ...FIELD_ENDPOINTS,
  ...PROXY_ENDPOINTS,
  ...COMMUNITY_ENDPOINTS,
];

const SQUARE = { type: 'Polygon', coordinates: [[[113.671, 34.771], [113.672, 34.771], [113.672, 34.772], [113.671, 34.772], [113.671, 34.771]]] };
