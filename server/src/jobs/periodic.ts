// Background work on a timer (the deadline scan, webhook deliveries): runs at once and then every
// `intervalMs`; a run still going makes the next tick skip, so runs never overlap; errors are
// logged, never thrown; the timer does not keep the process alive; `stop()` resolves once the run
// in flight has finished, so the database can be closed after it.

export interface JobLog {
  info?: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
}

export interface Periodic {
  stop(): Promise<void>;
}

/** `run` receives `stopped()`, to end a long run (several batches) early when shutting down. */
export function startPeriodic(name: string, intervalMs: number, log: JobLog, run: (stopped: () => boolean) => Promise<void>): Periodic {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = run(() => stopped)
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
