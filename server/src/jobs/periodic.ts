// Background work on a timer (the deadline scan, webhook deliveries): runs at once and then every
// `intervalMs`; a run still going makes the next tick skip, so runs never overlap; errors are
// logged, never thrown; the timer does not keep the process alive; `stop()` resolves once the run
// in flight has finished, so the database can be closed after it.
// Several instances on one database: each run holds the job's advisory lock (withSessionLock, key
// (4247, FNV-1a of the name)), so one instance at a time runs a job and the others skip that tick.
import type { Db } from '../db/client.js';
import { withSessionLock } from '../db/session-lock.js';

export interface JobLog {
  info?: (obj: object, msg: string) => void;
  debug?: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
}

/** Told of every finished run (metrics: runs, failures, duration per job). */
export type JobObserver = (run: { job: string; ok: boolean; seconds: number }) => void;

export interface Periodic {
  stop(): Promise<void>;
}

/** `run` receives `stopped()`, to end a long run (several batches) early when shutting down. */
export function startPeriodic(db: Db, name: string, intervalMs: number, log: JobLog, run: (stopped: () => boolean) => Promise<void>, observe?: JobObserver): Periodic {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    const started = performance.now();
    running = withSessionLock(db, `job:${name}`, () => run(() => stopped))
      .then(
        (r): boolean | null => {
          if (r.ran) return true;
          log.debug?.({ job: name }, `${name} skipped: running on another instance`);
          return null;
        },
        (err: unknown) => (log.error({ err }, `${name} failed`), false),
      )
      // A run skipped because another instance holds the job is no run: it is not observed.
      .then((ok) => (ok === null ? undefined : observe?.({ job: name, ok, seconds: (performance.now() - started) / 1000 })))
      .catch((err: unknown) => log.error({ err }, `${name}: observer failed`))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
