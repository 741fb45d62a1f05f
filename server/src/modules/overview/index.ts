// The overview module's public interface: its route.
export { overviewRoutes } from './routes.js';
