// The field module's public interface: the field app's snapshot route (it composes other modules' index functions).
export { fieldRoutes } from './routes.js';
