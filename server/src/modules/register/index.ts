// The register module's public interface: persons, tags and the shared register dependencies.
// Tables other modules may read in their own queries (joins, scope). Only this module writes them
// (the lint rule `civicgrid/no-foreign-table-writes` checks insert/update/delete).
export { persons } from './tables.js';
export { visibleTagsOf, phoneDigits, personMatchFor, createPerson, deregisterPerson, type RegisterDeps } from './service.js';
export { listPersons, insertPerson, setPersonsDwelling, updatePerson } from './repo.js';
export { activeTags, ensureTagDefinitions } from './tag-catalogue.js';
export { rehomePersons } from './rehome.js';
export { registerRoutes } from './routes.js';
