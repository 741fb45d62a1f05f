// The board module's public interface: its routes (the live board reads cases through cases/index).
export { boardRoutes } from './routes.js';
