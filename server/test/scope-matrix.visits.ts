// Scope-matrix entries for household visits, 五必访 reminders, coverage: one entry per endpoint that takes an id.
import type { ScopedEndpoint } from './scope-matrix.js';

export const VISITS_ENDPOINTS: ScopedEndpoint[] = [];
