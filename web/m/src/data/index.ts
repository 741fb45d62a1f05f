// The snapshot store: GET /api/field/snapshot when online (after sign-in, after the outbox drains,
// on pull-to-refresh), kept in IndexedDB so the app works with no signal, read through useSnapshot().
import { computed, shallowRef } from 'vue';
import { api } from '../api';
import { kvGet, kvSet } from '../db';
import type { Snapshot } from './types';

export type * from './types';

const KEY = 'snapshot';
const current = shallowRef<Snapshot | null>(null);
const state = shallowRef<{ loading: boolean; error: string }>({ loading: false, error: '' });
let loaded: Promise<void> | null = null;

/** Reads the stored snapshot once per page load. */
export function loadStoredSnapshot(): Promise<void> {
  loaded ??= kvGet<Snapshot>(KEY).then((s) => {
    if (s && !current.value && currentShape(s)) current.value = s;
  });
  return loaded;
}

// An earlier version of the app kept category names as {zh, en}: such a snapshot waits for the next download.
const currentShape = (s: Snapshot) => (s.categories ?? []).every((c) => typeof c.name === 'string');

let inFlight: Promise<boolean> | null = null;

/** Fetches a fresh snapshot; false (and the stored one kept) when offline or refused. */
export function refreshSnapshot(): Promise<boolean> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return Promise.resolve(false);
  inFlight ??= (async () => {
    state.value = { loading: true, error: '' };
    try {
      const fresh = await api<Snapshot>('GET', '/api/field/snapshot');
      await kvSet(KEY, fresh);
      current.value = fresh;
      state.value = { loading: false, error: '' };
      return true;
    } catch (e) {
      state.value = { loading: false, error: e instanceof Error ? e.message : String(e) };
      return false;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

/** Forgets it in memory (signing out wipes the database itself). */
export function forgetSnapshot(): void {
  current.value = null;
  loaded = null;
}

export function useSnapshot() {
  void loadStoredSnapshot();
  return {
    snapshot: current,
    loading: computed(() => state.value.loading),
    error: computed(() => state.value.error),
    refresh: refreshSnapshot,
  };
}
