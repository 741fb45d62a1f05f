// Every route of the application is in exactly one class: public, any signed-in user (nothing in it
// depends on the caller's territory), or scoped — and a scoped route must be exercised by the
// scope matrix with an id inside and an id outside the caller's scope (scope-matrix.ts). A route
// added without a class fails scope-matrix.test.ts.

/** Routes that answer without signing in. */
export const PUBLIC_ROUTES: Record<string, string> = {
  'GET /health': 'liveness for the load balancer',
  'GET /health/ready': 'readiness for the load balancer',
  'GET /metrics': 'for the monitoring system, guarded by METRICS_TOKEN (Bearer) instead of a sign-in; 404 when unset (metrics.test.ts)',
  'POST /api/auth/login': 'signing in',
  'GET /api/site': 'the deployment name and languages for the sign-in page',
  'POST /api/public/reports': 'residents report without an account (tracking code)',
  'GET /api/public/cases/:code': 'a resident follows a case by its tracking code',
  'POST /api/public/cases/:code/rating': 'a resident rates a case by its tracking code',
  'GET /api/public/grids/:gridCode/notices': 'the notices a grid’s residents read (the grid and the nodes above it; notices.test.ts)',
  'GET /api/public/grids/:gridCode/notices/:id': 'a notice shown on that grid only (another grid’s answers 404: notices.test.ts)',
  'POST /api/public/grids/:gridCode/consultations': 'residents ask without an account (tracking code; limited per address and phone)',
  'GET /api/public/consultations/:code': 'a resident reads the answer by its tracking code',
  'GET /api/public/grids/:gridCode/shop': 'the providers and services offered in a grid (shop.test.ts)',
  'POST /api/public/grids/:gridCode/orders': 'residents order a service without an account (tracking code; limited per address and phone)',
  'GET /api/public/orders/:code': 'a resident follows an order by its tracking code',
  'POST /api/public/orders/:code/rating': 'a resident rates an order by its tracking code',
  'POST /api/public/orders/:code/cancel': 'a resident cancels an order by its tracking code',
  'GET /api/public/grids/:gridCode': 'the grid home of the resident pages: what the door’s contact card prints',
  'GET /api/public/grids/:gridCode/services': 'the deployment-wide catalogue a grid’s agent takes (residents.test.ts)',
  'POST /api/public/resident/codes': 'a resident asks for a sign-in code (limited per address and phone: residents.test.ts)',
  'POST /api/public/resident/sessions': 'a resident signs in with the code',
  'DELETE /api/public/resident/sessions/current': 'the resident’s own session',
  'GET /api/public/resident/me': 'the signed-in resident (null when none)',
  'GET /api/public/resident/reports': 'the signed-in resident’s own reports only (residents.test.ts)',
  'GET /api/public/resident/reports/:id': 'the signed-in resident’s own report; another’s answers 404 (residents.test.ts)',
  'POST /api/public/resident/reports/:id/rating': 'the signed-in resident rates their own closed report (residents.test.ts)',
  'GET /api/public/resident/requests': 'the signed-in resident’s own proxy requests only (residents.test.ts)',
  'POST /api/public/resident/requests': 'a signed-in resident files a proxy request in the grid of the QR code',
  'GET /api/public/resident/requests/:id': 'the signed-in resident’s own request; another’s answers 404 (residents.test.ts)',
  'POST /api/public/resident/requests/:id/rating': 'the signed-in resident rates their own request through the workflow (residents.test.ts)',
  'POST /api/public/photos': 'residents upload photos for a report without an account (owned by the form’s photo key, rate-limited)',
  'GET /api/public/cases/:code/photos/:id': 'a resident sees the photos of their report by its tracking code',
  'GET /docs': 'the API browser (redirects to its index page)',
  'GET /docs/json': 'the OpenAPI document',
  'GET /docs/yaml': 'the OpenAPI document',
  'GET /docs/static/index.html': 'the API browser',
  'GET /docs/static/swagger-initializer.js': 'the API browser',
  'GET /docs/static/*': 'the API browser',
};

/** Routes any signed-in user may call whose answer does not depend on the caller's territory. */
export const SIGNED_IN_ROUTES: Record<string, string> = {
  'POST /api/auth/logout': 'the caller’s own session',
  'POST /api/auth/logout-all': 'the caller’s own sessions',
  'GET /api/auth/me': 'the caller',
  'POST /api/auth/password': 'the caller’s own password',
  'GET /api/auth/tokens': 'the caller’s own API tokens',
  'POST /api/auth/tokens': 'the caller’s own API tokens',
  'DELETE /api/auth/tokens/:id': 'the caller’s own API tokens (another’s id answers 404: auth.test.ts)',
  'GET /api/roles': 'the role table (core/src/roles.ts)',
  'GET /api/territory/levels': 'level names are deployment-wide',
  'PUT /api/territory/levels': 'deployment-wide; only a deployment-wide administrator (territory.test.ts)',
  'GET /api/territory/divisions/:code': 'the national division list (统计用区划代码), not our records',
  'GET /api/geo/map-settings': 'the base map is deployment-wide',
  'PUT /api/geo/map-settings': 'deployment-wide; only a deployment-wide administrator (geo.test.ts)',
  'GET /api/register/tags': 'the tag catalogue is deployment-wide (sensitive tags filtered by role)',
  'POST /api/register/tags': 'the tag catalogue is deployment-wide',
  'PATCH /api/register/tags/:key': 'the tag catalogue is deployment-wide',
  'GET /api/register/visit-kinds': 'a fixed list',
  'GET /api/register/component-categories': 'the GB/T 47678.5 dictionary',
  'GET /api/register/ledgers/:entity/template': 'an empty Excel template',
  'GET /api/field/patrols': 'the caller’s own patrols',
  'GET /api/field/snapshot': 'the caller’s own nodes only, whatever their scope (another community’s households are absent: field.test.ts)',
  'PUT /api/field/patrols/:uuid': 'the caller’s own patrol by the phone’s uuid (another’s answers 404: patrol.test.ts); placed on the caller’s own node',
  'POST /api/field/patrols/:uuid/points': 'the caller’s own patrol (another’s answers 404: patrol.test.ts)',
  'POST /api/field/patrols/:uuid/stop': 'the caller’s own patrol (another’s answers 404: patrol.test.ts)',
  'GET /api/cases/meta': 'states, actions, sources and categories of the case loop',
  'POST /api/cases/photos': 'an upload owned by the caller until a case takes it',
  'GET /api/case-config/categories': 'the category dictionary is deployment-wide',
  'GET /api/case-config/categories/:key': 'the category dictionary is deployment-wide',
  'PUT /api/case-config/categories/:key': 'deployment-wide; only a deployment-wide administrator (security.test.ts)',
  'GET /api/case-config/calendar': 'one working calendar per deployment',
  'PUT /api/case-config/calendar/days/:date': 'one working calendar per deployment',
  'DELETE /api/case-config/calendar/days/:date': 'one working calendar per deployment',
  'GET /api/case-config/calendar/outlook': 'the provisional days ahead of the one working calendar',
  'POST /api/case-config/calendar/confirm': 'one working calendar per deployment (case.configure)',
  'POST /api/case-config/calendar/import': 'one working calendar per deployment',
  'GET /api/case-config/office-hours': 'one working calendar per deployment',
  'PUT /api/case-config/office-hours': 'one working calendar per deployment',
  'GET /api/notifications': 'the caller’s own bell',
  'GET /api/notifications/unread-count': 'the caller’s own bell',
  'POST /api/notifications/read-all': 'the caller’s own bell',
  'POST /api/notifications/:id/read': 'the caller’s own bell (another’s id answers 404: notifications.test.ts)',
  'GET /api/proxy/items': 'the proxy-service catalogue is deployment-wide',
  'GET /api/proxy/items/:id': 'the proxy-service catalogue is deployment-wide',
  'GET /api/proxy/items/template': 'an empty Excel template',
  'GET /api/proxy/items/export': 'the proxy-service catalogue is deployment-wide',
  'POST /api/proxy/items': 'deployment-wide; only a deployment-wide administrator (proxy.test.ts)',
  'PATCH /api/proxy/items/:id': 'deployment-wide; only a deployment-wide administrator (proxy.test.ts)',
  'POST /api/proxy/items/import': 'deployment-wide; only a deployment-wide administrator (proxy.test.ts)',
  'GET /api/webhooks': 'deployment-wide; only a deployment-wide administrator (webhooks.test.ts)',
  'POST /api/webhooks': 'deployment-wide; only a deployment-wide administrator',
  'GET /api/webhooks/:id': 'deployment-wide; only a deployment-wide administrator',
  'PUT /api/webhooks/:id': 'deployment-wide; only a deployment-wide administrator',
  'DELETE /api/webhooks/:id': 'deployment-wide; only a deployment-wide administrator',
  'POST /api/webhooks/:id/rotate-secret': 'deployment-wide; only a deployment-wide administrator',
  'GET /api/webhooks/:id/deliveries': 'deployment-wide; only a deployment-wide administrator',
  'POST /api/webhooks/:id/test': 'deployment-wide; only a deployment-wide administrator',
};

/** Scoped routes the matrix cannot call through inject(), with the test that holds their scope. */
export const SCOPED_ELSEWHERE: Record<string, string> = {
  'GET /api/board/stream': 'an open stream never ends under inject(): board.test.ts reads it over a socket (out of scope: 404)',
  'POST /api/geo/nodes/:id/split': 'needs a drawn grid that the matrix fixture (no boundary) lacks: scope-streets.test.ts',
  'POST /api/geo/merge': 'needs drawn grids that the matrix fixture (no boundary) lacks: scope-streets.test.ts',
  'POST /api/territory/import-division': 'the county must be in scope, so only a district or deployment-wide administrator imports (territory.test.ts); another street answers 404: scope-streets.test.ts',
  'GET /api/overview': 'counts, no ids: scope-matrix.test.ts (lists never show what is outside the scope)',
  'GET /api/cases/queues': 'counts, no ids: scope-streets.test.ts',
};

/** `GET /api/geo/nodes/:id/team` → a matcher of concrete paths; static segments win over params. */
export function routeMatcher(routes: readonly string[]) {
  const compiled = routes.map((r) => {
    const [method, url] = r.split(' ') as [string, string];
    const source = url.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
    const params = url.split('/').filter((seg) => seg.startsWith(':') || seg === '*').length;
    return { route: r, method, re: new RegExp(`^${source}$`), params };
  });
  compiled.sort((a, b) => a.params - b.params);
  return (method: string, url: string): string | null => {
    const path = url.split('?')[0]!;
    return compiled.find((c) => c.method === method && c.re.test(path))?.route ?? null;
  };
}
