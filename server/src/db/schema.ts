// The aggregate of every module's tables: what drizzle-kit reads to generate migrations and what
// the database client is typed with. Modules do not import it; each reads its own `tables.ts` and
// asks other modules through their index (see docs/architecture.md, "Module boundaries").
// Only db/ infrastructure, the seed, tests, benchmarks and migration tooling import this file.
export { ltree, bytea } from './columns.js';
export * from './tables.js';
export * from '../modules/territory/tables.js';
export * from '../modules/departments/tables.js';
export * from '../modules/users/tables.js';
export * from '../modules/auth/tables.js';
export * from '../modules/audit/tables.js';
export * from '../modules/geo/tables.js';
export * from '../modules/register/tables.js';
export * from '../modules/housing/tables.js';
export * from '../modules/places/tables.js';
export * from '../modules/visits/tables.js';
export * from '../modules/cases/tables.js';
export * from '../modules/case-config/tables.js';
export * from '../modules/notifications/tables.js';
export * from '../modules/webhooks/tables.js';
export * from '../modules/board/tables.js';
export * from '../modules/patrol/tables.js';
export * from '../modules/proxy/tables.js';
export * from '../modules/notices/tables.js';
export * from '../modules/consultations/tables.js';
export * from '../modules/shop/tables.js';
export * from '../modules/residents/tables.js';
