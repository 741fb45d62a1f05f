// Background work on a timer (the deadline scan, webhook deliveries): runs at once and then every
// `intervalMs`; a run still going makes the next tick skip, so runs never overlap; errors are
// logged, never thrown; the timer does not keep the process alive; `stop()` resolves once the run
// in flight has finished, so the database can be closed after it.

export interface JobLog {
  info?: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
}

/** Told of every finished run (metrics: runs, failures, duration per job). */
export type JobObserver = (run: { job: string; ok: boolean; seconds: number }) => void;

export interface Periodic {
  stop(): Promise<void>;
}

/** `run` receives `stopped()`, to end a long run (several batches) early when shutting down. */
export function startPeriodic(name: string, intervalMs: number, log: JobLog, run: (stopped: () => boolean) => Promise<void>, observe?: JobObserver): Periodic {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    const started = performance.now();
    running = run(() => stopped)
      .then(
        () => true,
        (err: unknown) => (log.error({ err }, `${name} failed`), false),
      )
      .then((ok) => observe?.({ job: name, ok, seconds: (performance.now() - started) / 1000 }))
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
