// The patrol module's public interface: its routes (patrols are read by no other module).
export { patrolRoutes } from './routes.js';
