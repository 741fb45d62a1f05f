// The proxy-service module's public interface: its routes, and the catalogue writer the seed uses.
export { proxyRoutes } from './routes.js';
export { upsertItems } from './service.js';
