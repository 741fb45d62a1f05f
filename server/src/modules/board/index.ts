// The board module's public interface: its routes (the live board reads cases through cases/index)
// and the job that prunes its change log.
export { boardRoutes } from './routes.js';
export { startChangeLogPrune } from './prune.js';
