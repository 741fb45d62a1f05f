// Scope-matrix entries for dwellings, households, household cards, rentals: one entry per endpoint that takes an id.
// Where an endpoint takes two ids (a household and a person, a rental and a tenant), one entry puts
// the caller's own record (`home`) on one side and the record under test on the other, and back.
import type { ScopedEndpoint } from './scope-matrix.js';
import { nextIdNumber } from '../src/modules/visits/test-factories.js';

const base = '/api/register';

export const HOUSING_ENDPOINTS: ScopedEndpoint[] = [
  {
    // The field app's register change: the version the caller sees, then a birth (a new person).
    name: 'POST household change',
    permission: 'register.write',
    call: async (c, f) => {
      const seen = await c.get(`${base}/households/${f.householdId}`);
      const householdVersion = seen.statusCode === 200 ? (seen.json().version as number) : 1;
      return c.post(`${base}/households/${f.householdId}/changes`, { kind: 'birth', householdVersion, person: { name: '矩阵新生儿', documentNumber: nextIdNumber('20261001') } });
    },
  },
  // Dwellings
  { name: 'GET dwelling', permission: 'register.read', call: (c, f) => c.get(`${base}/dwellings/${f.dwellingId}`) },
  { name: 'GET dwellings in building', permission: 'register.read', call: (c, f) => c.get(`${base}/dwellings?buildingId=${f.buildingId}`) },
  { name: 'GET dwellings in node', permission: 'register.read', call: (c, f) => c.get(`${base}/dwellings?orgUnitId=${f.nodeId}`) },
  { name: 'POST dwelling', permission: 'register.write', call: (c, f) => c.post(`${base}/dwellings`, { buildingId: f.buildingId, unit: '1', floor: 6, room: '601' }) },
  { name: 'POST building rooms', permission: 'register.write', call: (c, f) => c.post(`${base}/buildings/${f.buildingId}/dwellings`, { units: 1, floors: 2, roomsPerFloor: 2 }) },
  { name: 'PATCH dwelling', permission: 'register.write', call: (c, f) => c.patch(`${base}/dwellings/${f.dwellingId}`, { occupancy: 'owner', notes: '矩阵核对' }) },
  { name: 'verify dwelling', permission: 'register.write', call: (c, f) => c.post(`${base}/dwellings/${f.dwellingId}/verify`) },

  // Households
  { name: 'GET household', permission: 'register.read', call: (c, f) => c.get(`${base}/households/${f.householdId}`) },
  { name: 'GET households in node', permission: 'register.read', call: (c, f) => c.get(`${base}/households?orgUnitId=${f.nodeId}`) },
  { name: 'GET households in dwelling', permission: 'register.read', call: (c, f) => c.get(`${base}/households?dwellingId=${f.dwellingId}`) },
  { name: 'GET household card', permission: 'register.read', call: (c, f) => c.get(`${base}/households/${f.householdId}/card`) },
  { name: 'POST household in node', permission: 'register.write', call: (c, f) => c.post(`${base}/households`, { orgUnitId: f.nodeId, kind: 'family' }) },
  { name: 'POST household in dwelling', permission: 'register.write', call: (c, f) => c.post(`${base}/households`, { dwellingId: f.dwellingId }) },
  { name: 'PATCH household', permission: 'register.write', call: (c, f) => c.patch(`${base}/households/${f.householdId}`, { householdNo: '410105000001' }) },
  { name: 'verify household', permission: 'register.write', call: (c, f) => c.post(`${base}/households/${f.householdId}/verify`) },
  {
    name: 'POST member into household',
    permission: 'register.write',
    call: (c, f, home) => c.post(`${base}/households/${f.householdId}/members`, { personId: home.personId, relation: 'other_relative' }),
  },
  {
    name: 'POST person as member',
    permission: 'register.write',
    call: (c, f, home) => c.post(`${base}/households/${home.householdId}/members`, { personId: f.personId, relation: 'tenant' }),
  },
  { name: 'DELETE member', permission: 'register.write', call: (c, f) => c.delete(`${base}/households/${f.householdId}/members/${f.personId}`) },
  { name: 'set head', permission: 'register.write', call: (c, f) => c.post(`${base}/households/${f.householdId}/head`, { personId: f.personId }) },
  { name: 'move household', permission: 'register.write', call: (c, f, home) => c.post(`${base}/households/${f.householdId}/move`, { dwellingId: home.dwellingId }) },
  { name: 'move household into dwelling', permission: 'register.write', call: (c, f, home) => c.post(`${base}/households/${home.householdId}/move`, { dwellingId: f.dwellingId }) },

  // Rental ledger
  { name: 'GET rental', permission: 'register.read', call: (c, f) => c.get(`${base}/rentals/${f.rentalId}`) },
  { name: 'GET rentals in node', permission: 'register.read', call: (c, f) => c.get(`${base}/rentals?orgUnitId=${f.nodeId}&expiring=true`) },
  { name: 'POST rental', permission: 'register.write', call: (c, f) => c.post(`${base}/rentals`, { dwellingId: f.dwellingId, landlordName: '王建国', landlordPhone: '13937166021', startDate: '2026-03-01' }) },
  {
    name: 'POST rental with landlord person',
    permission: 'register.write',
    call: (c, f, home) => c.post(`${base}/rentals`, { dwellingId: home.dwellingId, landlordPersonId: f.personId, startDate: '2026-03-01' }),
  },
  { name: 'POST tenant into rental', permission: 'register.write', call: (c, f, home) => c.post(`${base}/rentals/${f.rentalId}/tenants`, { personId: home.personId, fromDate: '2026-03-01' }) },
  { name: 'POST person as tenant', permission: 'register.write', call: (c, f, home) => c.post(`${base}/rentals/${home.rentalId}/tenants`, { personId: f.personId, fromDate: '2026-03-01' }) },
  { name: 'end rental', permission: 'register.write', call: (c, f) => c.post(`${base}/rentals/${f.rentalId}/end`, { endDate: '2026-06-30' }) },
];
