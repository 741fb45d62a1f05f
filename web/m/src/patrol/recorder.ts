// The running patrol, one per phone, alive across the app's screens: started and stopped only by the
// worker; while it runs, watchPosition records the track, the screen is kept on where the browser
// allows (Screen Wake Lock) and the points go to the outbox in batches. The patrol is kept in
// IndexedDB after every point, so a reload (or a crashed tab) resumes it.
import { shallowRef } from 'vue';
import { isoWithOffset, uuid } from '@m/api';
import { kvGet, kvSet } from '@m/db';
import { enqueue } from '@m/outbox';
import { dueBatch, keepFix, pointsBody, type PatrolPoint, type RunningPatrol } from './batch';

const RUNNING_KEY = 'patrol.running';
const LAST_KEY = 'patrol.last';

export interface FinishedPatrol {
  uuid: string;
  startedAt: string;
  endedAt: string;
  points: { lng: number; lat: number }[];
}

export type WakeLockState = 'held' | 'unsupported' | 'released';
export type GpsProblem = '' | 'denied' | 'unavailable';

/** The patrol being recorded (null: none), replaced whole on every change. */
export const running = shallowRef<RunningPatrol | null>(null);
export const lastPatrol = shallowRef<FinishedPatrol | null>(null);
export const wakeLockState = shallowRef<WakeLockState>('released');
export const gpsProblem = shallowRef<GpsProblem>('');
export const resumed = shallowRef(false);

const nowIso = (ms: number) => isoWithOffset(ms, -new Date(ms).getTimezoneOffset());

let watchId: number | null = null;
let timer: ReturnType<typeof setInterval> | null = null;
let wakeLock: { release(): Promise<void> } | null = null;
let saving: Promise<void> = Promise.resolve();
let loaded: Promise<void> | null = null;

/** Saves after the previous save (IndexedDB writes in order). */
function persist(patrol: RunningPatrol | null): Promise<void> {
  saving = saving.then(() => kvSet(RUNNING_KEY, patrol)).catch(() => {});
  return saving;
}

async function queueDue(force = false): Promise<void> {
  const patrol = running.value;
  if (!patrol) return;
  const now = Date.now();
  const batch = dueBatch(patrol, now, force);
  if (!batch) return;
  const next = { ...patrol, queuedSeq: batch.at(-1)!.seq, queuedMs: now };
  running.value = next;
  await enqueue({ kind: 'patrolPoints', title: '巡查轨迹', method: 'POST', path: `/api/field/patrols/${patrol.uuid}/points`, body: pointsBody(batch) });
  await persist(next);
}

function onFix(pos: GeolocationPosition): void {
  const patrol = running.value;
  if (!patrol) return;
  gpsProblem.value = '';
  const fix = { ms: pos.timestamp || Date.now(), lng: Math.round(pos.coords.longitude * 1e7) / 1e7, lat: Math.round(pos.coords.latitude * 1e7) / 1e7, accuracy: Math.round(pos.coords.accuracy) };
  if (!keepFix(patrol.points.at(-1), fix)) return;
  const point: PatrolPoint = { seq: (patrol.points.at(-1)?.seq ?? 0) + 1, at: nowIso(fix.ms), ...fix };
  running.value = { ...patrol, points: [...patrol.points, point] };
  void persist(running.value);
  void queueDue();
}

function onGpsError(err: GeolocationPositionError): void {
  gpsProblem.value = err.code === err.PERMISSION_DENIED ? 'denied' : 'unavailable';
}

async function holdScreen(): Promise<void> {
  const nav = navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void>; addEventListener(t: string, f: () => void): void }> } };
  if (!nav.wakeLock) {
    wakeLockState.value = 'unsupported';
    return;
  }
  try {
    const lock = await nav.wakeLock.request('screen');
    wakeLock = lock;
    wakeLockState.value = 'held';
    lock.addEventListener('release', () => {
      if (wakeLock === lock) wakeLockState.value = 'released';
    });
  } catch {
    // Refused (battery saver, page hidden): the page says to keep the screen on by hand.
    wakeLockState.value = 'unsupported';
  }
}

// The browser releases the lock when the page is hidden; take it again on return.
function onVisibility(): void {
  if (document.visibilityState === 'visible' && running.value && wakeLockState.value !== 'held') void holdScreen();
}

function beginRecording(): void {
  if (watchId === null && 'geolocation' in navigator) {
    watchId = navigator.geolocation.watchPosition(onFix, onGpsError, { enableHighAccuracy: true, maximumAge: 5_000, timeout: 60_000 });
  } else if (!('geolocation' in navigator)) gpsProblem.value = 'unavailable';
  // A minute's batch goes out even when the worker stands still.
  timer ??= setInterval(() => void queueDue(), 10_000);
  document.addEventListener('visibilitychange', onVisibility);
  void holdScreen();
}

function endRecording(): void {
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  watchId = null;
  if (timer) clearInterval(timer);
  timer = null;
  document.removeEventListener('visibilitychange', onVisibility);
  void wakeLock?.release().catch(() => {});
  wakeLock = null;
  wakeLockState.value = 'released';
}

/** Reads a patrol left running (reload, crashed tab) and resumes recording it; safe to call often. */
export function resumePatrol(): Promise<void> {
  loaded ??= (async () => {
    const [patrol, last] = await Promise.all([kvGet<RunningPatrol | null>(RUNNING_KEY), kvGet<FinishedPatrol | null>(LAST_KEY)]);
    lastPatrol.value = last ?? null;
    if (patrol && !running.value) {
      running.value = patrol;
      resumed.value = true;
      beginRecording();
    }
  })().catch(() => {});
  return loaded;
}

/** The worker starts a patrol: its uuid is made here, so it works with no signal. */
export async function startPatrol(): Promise<void> {
  await resumePatrol();
  if (running.value) return;
  const ms = Date.now();
  const patrol: RunningPatrol = { uuid: uuid(), startedAt: nowIso(ms), startedMs: ms, points: [], queuedSeq: 0, queuedMs: ms };
  running.value = patrol;
  resumed.value = false;
  gpsProblem.value = '';
  await persist(patrol);
  await enqueue({ kind: 'patrolStart', title: '开始巡查', method: 'PUT', path: `/api/field/patrols/${patrol.uuid}`, body: { startedAt: patrol.startedAt } });
  beginRecording();
}

/** The worker ends the patrol: the last points, then the stop, go to the outbox. */
export async function stopPatrol(): Promise<FinishedPatrol | null> {
  const patrol = running.value;
  if (!patrol) return null;
  endRecording();
  await queueDue(true);
  const endedAt = nowIso(Date.now());
  await enqueue({ kind: 'patrolStop', title: '结束巡查', method: 'POST', path: `/api/field/patrols/${patrol.uuid}/stop`, body: { endedAt } });
  const finished: FinishedPatrol = { uuid: patrol.uuid, startedAt: patrol.startedAt, endedAt, points: patrol.points.map((p) => ({ lng: p.lng, lat: p.lat })) };
  running.value = null;
  resumed.value = false;
  lastPatrol.value = finished;
  await persist(null);
  await kvSet(LAST_KEY, finished);
  return finished;
}

/** Signing out: recording stops at once (the database with the patrol is being wiped). */
export function forgetPatrol(): void {
  endRecording();
  running.value = null;
  lastPatrol.value = null;
  resumed.value = false;
  loaded = null;
}
