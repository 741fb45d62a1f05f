// The ledger module's public interface: Excel import (also used by the at-rest test), reading a sheet
// and writing a template for other sheets read like a ledger (the proxy-service catalogue), its routes.
export { importLedger, readSheet } from './import.js';
export { sheetFor, templateOf } from './export.js';
export { ledgerRoutes } from './routes.js';
