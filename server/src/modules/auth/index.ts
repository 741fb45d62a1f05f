// The auth module's public interface: who is asking (sessions, API tokens → Actor), password hashing,
// and ending a user's sessions when their account changes.
export { apiTokenActor, buildActor, resolveSession, forgetApiTokens, SESSION_HOURS } from './service.js';
export { deleteUserSessions } from './repo.js';
export { hashPassword } from './password.js';
export { sha256, randomToken } from './tokens.js';
export { authRoutes } from './routes.js';
