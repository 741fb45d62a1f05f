// The consultations module's public interface: its routes, and how a resident's matter becomes a
// case (the shop module hands late orders to the case loop through it).
export { consultationRoutes } from './routes.js';
export { caseForMatter, type ResidentMatter } from './to-case.js';
