// Scope-matrix entries for places, organisations, city components: one entry per endpoint that takes an id.
import type { ScopedEndpoint } from './scope-matrix.js';

export const PLACES_ENDPOINTS: ScopedEndpoint[] = [];
