// Scope-matrix entries for places, organisations, city components: one entry per endpoint that takes an id.
import type { ScopedEndpoint } from './scope-matrix.js';

// The fixture grid has no boundary, so a point given with it is taken as it is.
const LAMP = { categoryCode: '01037', lng: 113.6712, lat: 34.7712 };

export const PLACES_ENDPOINTS: ScopedEndpoint[] = [
  { name: 'GET place', permission: 'register.read', call: (c, f) => c.get(`/api/register/places/${f.placeId}`) },
  { name: 'GET places in node', permission: 'register.read', call: (c, f) => c.get(`/api/register/places?orgUnitId=${f.nodeId}`) },
  { name: 'PATCH place', permission: 'register.write', call: (c, f) => c.patch(`/api/register/places/${f.placeId}`, { contactName: '王秀兰' }) },
  { name: 'retire place', permission: 'register.write', call: (c, f) => c.post(`/api/register/places/${f.placeId}/retire`, { reason: '矩阵测试' }) },
  { name: 'verify place', permission: 'register.write', call: (c, f) => c.post(`/api/register/places/${f.placeId}/verify`) },
  { name: 'reveal place', permission: 'register.reveal', call: (c, f) => c.post(`/api/register/places/${f.placeId}/reveal`, { reason: '矩阵测试' }) },
  {
    name: 'POST place in node',
    permission: 'register.write',
    call: (c, f) => c.post('/api/register/places', { orgUnitId: f.nodeId, kind: 'shop', name: '矩阵水果店', address: '矩阵路8号' }),
  },
  {
    name: 'POST place in building',
    permission: 'register.write',
    call: (c, f) => c.post('/api/register/places', { buildingId: f.buildingId, kind: 'social_org', name: '矩阵志愿者协会', address: '矩阵小区1号楼' }),
  },
  { name: 'GET component', permission: 'register.read', call: (c, f) => c.get(`/api/register/components/${f.componentId}`) },
  { name: 'GET components in node', permission: 'register.read', call: (c, f) => c.get(`/api/register/components?orgUnitId=${f.nodeId}`) },
  { name: 'PATCH component', permission: 'register.write', call: (c, f) => c.patch(`/api/register/components/${f.componentId}`, { condition: 'damaged' }) },
  { name: 'verify component', permission: 'register.write', call: (c, f) => c.post(`/api/register/components/${f.componentId}/verify`) },
  { name: 'POST component in node', permission: 'register.write', call: (c, f) => c.post('/api/register/components', { ...LAMP, orgUnitId: f.nodeId }) },
];
