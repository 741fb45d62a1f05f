// The audit module's public interface: the one way to write an audit row, and its routes.
export { recordAudit, type AuditEntryInput } from './repo.js';
export { auditRoutes } from './routes.js';
