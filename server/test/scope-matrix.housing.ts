// Scope-matrix entries for dwellings, households, household cards, rentals: one entry per endpoint that takes an id.
import type { ScopedEndpoint } from './scope-matrix.js';

export const HOUSING_ENDPOINTS: ScopedEndpoint[] = [];
