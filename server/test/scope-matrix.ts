// The data-scope matrix: every endpoint that takes an id, for every role, with an id inside the
// caller's scope, one outside it, and one that does not exist. Adding an endpoint is one entry.
import type { LightMyRequestResponse } from 'fastify';
import type { Permission } from '../../core/src/roles.js';
import type { Client, TestApp } from './harness.js';
import { nodeByCode } from './harness.js';
import { insertNode } from '../src/modules/territory/repo.js';
import { insertDepartment } from '../src/modules/departments/repo.js';
import { insertUser, replaceScopes } from '../src/modules/users/repo.js';
import { insertPerson } from '../src/modules/register/repo.js';
import { mod11_2CheckChar } from '../../core/src/register/id-card.js';
import { eq } from 'drizzle-orm';
import { buildings, casePhotos, cases, components, persons, dwellings, householdMembers, households, places, rentals, rentalTenants, visits } from '../src/db/schema.js';
import { HOUSING_ENDPOINTS } from './scope-matrix.housing.js';
import { PLACES_ENDPOINTS } from './scope-matrix.places.js';
import { VISITS_ENDPOINTS } from './scope-matrix.visits.js';
import { LEDGER_ENDPOINTS } from './scope-matrix.ledger.js';
import { CASES_ENDPOINTS } from './scope-matrix.cases.js';
import { CASE_CONFIG_ENDPOINTS } from './scope-matrix.case-config.js';
import { NOTIFY_ENDPOINTS } from './scope-matrix.notify.js';

/** One record of each kind, all in one community. */
export interface Fixture {
  nodeId: number; // a grid under the community
  communityId: number;
  departmentId: number; // owned by the community
  userId: number; // bound to the grid
  username: string;
  personId: number; // lives in the grid, in dwellingId, member of householdId
  buildingId: number;
  dwellingId: number;
  householdId: number;
  rentalId: number; // dwellingId let to personId
  placeId: number; // a shop in the grid
  componentId: number;
  visitId: number; // a visit to householdId
  caseId: number; // a case reported in the grid
  photoId: number; // a photo of caseId
}

export const MISSING: Fixture = { nodeId: 2_000_000_001, communityId: 2_000_000_002, departmentId: 2_000_000_003, userId: 2_000_000_004, username: 'missing', personId: 2_000_000_005,
  buildingId: 2_000_000_006, dwellingId: 2_000_000_007, householdId: 2_000_000_008, rentalId: 2_000_000_009, placeId: 2_000_000_010,
  componentId: 2_000_000_011, visitId: 2_000_000_012, caseId: 2_000_000_013, photoId: 2_000_000_014,
};

let seq = 0;
export async function buildFixture(t: TestApp, communityCode: string): Promise<Fixture> {
  const db = t.database.db;
  const community = await nodeByCode(t, communityCode);
  const n = ++seq;
  const grid = await insertNode(db, community, { name: `矩阵网格${n}`, level: 3, code: null, divisionCode: null, sortOrder: 0 });
  const dept = await insertDepartment(db, { name: `矩阵物业${n}`, kind: 'property', orgUnitId: community.id });
  const user = await insertUser(db, { username: `matrix${n}`, displayName: `矩阵用户${n}`, roles: ['grid_worker_a'], passwordHash: 'x' });
  await replaceScopes(db, user.id, [grid.id], []);
  // A valid, distinct 居民身份证 per fixture: the birth date moves a day per fixture.
  const born = new Date(Date.UTC(1950, 0, 1) + n * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const doc = `410105${born}${String(n % 1000).padStart(3, '0')}`;
  const number = doc + mod11_2CheckChar(doc);
  const person = await insertPerson(db, {
    orgUnitId: grid.id, name: `矩阵居民${n}`, nameInitials: 'jzjm', nameFull: 'juzhenjumin', documentType: 'id_card',
    documentEnc: t.crypto.encrypt(number), documentHash: t.crypto.hash(number),
    documentSuffix4: t.crypto.hashSuffix(number, 4), documentSuffix6: t.crypto.hashSuffix(number, 6), residenceStatus: 'registered',
  });
  const [building] = await db.insert(buildings).values({ orgUnitId: grid.id, name: `矩阵楼${n}`, number: `${n}号楼`, lng: 113.6712, lat: 34.7712 }).returning();
  const [dwelling] = await db.insert(dwellings).values({ orgUnitId: grid.id, buildingId: building!.id, unit: '1', floor: 5, room: '501', address: `矩阵小区${n}号楼1单元501室` }).returning();
  await db.update(persons).set({ dwellingId: dwelling!.id }).where(eq(persons.id, person.id));
  const [household] = await db.insert(households).values({ orgUnitId: grid.id, dwellingId: dwelling!.id, headPersonId: person.id }).returning();
  await db.insert(householdMembers).values({ householdId: household!.id, personId: person.id, relation: 'self' });
  const [rental] = await db.insert(rentals).values({ orgUnitId: grid.id, dwellingId: dwelling!.id, landlordName: '矩阵房东', startDate: '2026-01-01' }).returning();
  await db.insert(rentalTenants).values({ rentalId: rental!.id, personId: person.id, fromDate: '2026-01-01' });
  const [place] = await db.insert(places).values({ orgUnitId: grid.id, kind: 'shop', name: `矩阵便利店${n}`, nameInitials: 'jzbld', address: `矩阵路${n}号` }).returning();
  const [component] = await db.insert(components).values({ orgUnitId: grid.id, categoryCode: '01101', code: `MATRIX${Date.now()}${n}`, lng: 113.6712, lat: 34.7712 }).returning();
  const [visit] = await db.insert(visits).values({ orgUnitId: grid.id, householdId: household!.id, visitorName: '矩阵网格员', visitedAt: new Date(), kind: 'routine', findings: '家中一切正常' }).returning();
  const [report] = await db.insert(cases).values({
    number: `19990101-${String(n).padStart(4, '0')}`, source: 'patrol', categoryKey: 'matter:01001', priority: 'normal', state: 'reported',
    description: '矩阵测试：路面积存垃圾', lng: 113.6712, lat: 34.7712, orgUnitId: grid.id, orgPath: grid.path, holderNodeId: community.id, holderPath: community.path,
  }).returning();
  const [photo] = await db.insert(casePhotos).values({ caseId: report!.id, owner: 'user:0', contentType: 'image/png', size: 4, sha256: '0'.repeat(64), data: Buffer.from([0x89, 0x50, 0x4e, 0x47]) }).returning();
  return {
    caseId: report!.id, photoId: photo!.id,
    nodeId: grid.id, communityId: community.id, departmentId: dept.id, userId: user.id, username: user.username, personId: person.id,
    buildingId: building!.id, dwellingId: dwelling!.id, householdId: household!.id, rentalId: rental!.id, placeId: place!.id,
    componentId: component!.id, visitId: visit!.id,
  };
}

export interface ScopedEndpoint {
  name: string;
  permission: Permission;
  /** Calls the endpoint on the records of `f`; `home` is a fixture inside the caller's scope. */
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
];

const SQUARE = { type: 'Polygon', coordinates: [[[113.671, 34.771], [113.672, 34.771], [113.672, 34.772], [113.671, 34.772], [113.671, 34.771]]] };
