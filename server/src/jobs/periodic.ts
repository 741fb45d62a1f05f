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

export interface Periodic {
  stop(): Promise<void>;
}

/** `run` receives `stopped()`, to end a long run (several batches) early when shutting down. */
export function startPeriodic(db: Db, name: string, intervalMs: number, log: JobLog, run: (stopped: () => boolean) => Promise<void>): Periodic {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = withSessionLock(db, `job:${name}`, () => run(() => stopped))
      .then((r) => {
        if (!r.ran) log.debug?.({ job: name }, `${name} skipped: running on another instance`);
      })
      .catch((err: unknown) => log.error({ err }, `${name} failed`))
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
