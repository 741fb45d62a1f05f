// The residents module's public interface: who the signed-in resident is (residentOf), their
// session's hook, the routes of sign-in, and the name a filing remembers.
export { installResidentSession, requireResident, residentOf, residentSignInRequired } from './session.js';
export { rememberName, residentPhone, type ResidentSession } from './service.js';
export { residentRoutes } from './routes.js';
