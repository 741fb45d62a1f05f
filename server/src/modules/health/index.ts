// The health module's public interface: its route.
export { healthRoutes } from './routes.js';
