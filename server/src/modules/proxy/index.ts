// The proxy-service module's public interface: its routes, the catalogue writer the seed uses, and
// its requests' deadlines for the deadline scan.
export { proxyRoutes } from './routes.js';
export { upsertItems } from './service.js';
export { PROXY_DEADLINES } from './deadlines.js';
