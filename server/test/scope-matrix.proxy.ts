// Scope-matrix entries for proxy-service requests (代办): one entry per endpoint that takes an id or lists requests.
import type { ScopedEndpoint } from './scope-matrix.js';

export const PROXY_ENDPOINTS: ScopedEndpoint[] = [
  {
    name: 'POST proxy request for a resident',
    permission: 'proxy.file',
    call: (c, f) => c.post('/api/proxy/requests', { itemId: f.proxyItemId, personId: f.personId, description: '矩阵测试：代办居住证' }),
  },
  {
    name: 'GET proxy requests',
    permission: 'proxy.read',
    lists: (body, f) => body.items.some((r: { id: number }) => r.id === f.proxyRequestId),
    call: (c) => c.get('/api/proxy/requests?pageSize=50'),
  },
  { name: 'GET proxy request', permission: 'proxy.read', call: (c, f) => c.get(`/api/proxy/requests/${f.proxyRequestId}`) },
  { name: 'GET proxy request transfer candidates', permission: 'proxy.read', call: (c, f) => c.get(`/api/proxy/requests/${f.proxyRequestId}/agents`) },
  { name: 'GET proxy request signature', permission: 'proxy.read', call: (c, f) => c.get(`/api/proxy/requests/${f.proxyRequestId}/signature`) },
  { name: 'GET proxy request document', permission: 'proxy.read', call: (c, f) => c.get(`/api/proxy/requests/${f.proxyRequestId}/documents/entrust`) },
  {
    name: 'GET proxy figures per grid',
    permission: 'proxy.read',
    lists: (body, f) => body.rows.some((r: { id: number }) => r.id === f.nodeId),
    call: (c) => c.get('/api/proxy/figures?by=grid'),
  },
  { name: 'GET proxy figures export of a community', permission: 'proxy.read', call: (c, f) => c.get(`/api/proxy/figures/export?by=grid&orgUnitId=${f.communityId}`) },
  {
    // 催办: the community's step (secretary, administrator); other roles are refused in scope too.
    name: 'POST proxy request step',
    permission: 'proxy.read',
    roles: ['community_secretary', 'admin'],
    call: (c, f) => c.post(`/api/proxy/requests/${f.proxyRequestId}/actions/urge`, { note: '矩阵测试：请尽快受理' }),
  },
];
