// The proxy-service module's public interface: its routes (staff, and the resident pages'), and the catalogue writer the seed uses.
export { proxyRoutes } from './routes.js';
export { proxyResidentRoutes } from './resident.js';
export { upsertItems } from './service.js';
