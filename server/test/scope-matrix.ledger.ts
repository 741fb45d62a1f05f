// Scope-matrix entries for Excel templates, import and export: one entry per endpoint that takes an id.
import type { ScopedEndpoint } from './scope-matrix.js';

export const LEDGER_ENDPOINTS: ScopedEndpoint[] = [];
