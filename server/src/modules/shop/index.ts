// The shop module's public interface (红色物业 service supermarket): its routes, the late-order scan
// the deadline scan runs, and the writers the demo seed uses.
export { shopRoutes } from './routes.js';
export { lateOrderScanner, scanLateOrders } from './late.js';
export { addService, createProvider } from './providers.js';
