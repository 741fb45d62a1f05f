// The notices module's public interface: its routes, the writer the demo seed uses, and the grid
// of a resident page's code (the consultations and shop modules take residents' grids through it).
export { noticeRoutes } from './routes.js';
export { createNotice } from './service.js';
export { gridByCode, type PublicGrid } from './grid.js';
