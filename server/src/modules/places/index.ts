// The places module's public interface.
// Tables other modules may read in their own queries (joins, scope). Only this module writes them
// (the lint rule `civicgrid/no-foreign-table-writes` checks insert/update/delete).
export { components, places } from './tables.js';
export { deepestDivisionCode, insertComponents, insertPlaces, lastComponentCode } from './repo.js';
export { rehomePlaces } from './rehome.js';
export { placeRoutes } from './routes.js';
