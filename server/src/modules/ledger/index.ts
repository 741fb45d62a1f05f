// The ledger module's public interface: Excel import (also used by the at-rest test) and its routes.
export { importLedger } from './import.js';
export { ledgerRoutes } from './routes.js';
