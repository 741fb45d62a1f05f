// The cases module's public interface: who sees a case, who hears about it, intake and steps (used
// by the demo seed), and the routes.
// Tables other modules may read in their own queries (joins, scope). Only this module writes them
// (the lint rule `civicgrid/no-foreign-table-writes` checks insert/update/delete).
export { caseEvents, cases } from './tables.js';
export { recordDeadlineNotice } from './repo.js';
export { dispatchersOf, holderRecipients, type UnitRef, type UnitType } from './recipients.js';
export { IntakeWriter, report, type CaseDeps } from './intake.js';
export { runAction } from './actions.js';
export { TRACKING_CODE, gridPoint, newTrackingCode, trackingHash } from './public.js';
export { movePhotoBlobsToStore, uploadPhoto } from './photos.js';
export { rehomeCases } from './rehome.js';
export { fieldCases } from './field.js';
export type { ReportInput } from './schema.js';
export { caseRoutes } from './routes.js';
export { caseResidentRoutes } from './resident.js';
