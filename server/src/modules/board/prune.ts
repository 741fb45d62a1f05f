// The board's change log keeps KEEP_MS (longer than a resume may reach back); older rows are
// dropped by this job, which runs on one instance at a time like every periodic job.
import type { Db } from '../../db/client.js';
import { startPeriodic, type JobLog, type JobObserver, type Periodic } from '../../jobs/periodic.js';
import { KEEP_MS } from './feed.js';
import * as repo from './repo.js';

export function pruneChangeLog(db: Db, now: Date): Promise<number> {
  return repo.pruneChanges(db, new Date(now.getTime() - KEEP_MS));
}

export function startChangeLogPrune(db: Db, opts: { intervalMs: number; log: JobLog; observe?: JobObserver }): Periodic {
  return startPeriodic(
    db,
    'board change log',
    opts.intervalMs,
    opts.log,
    async () => {
      const pruned = await pruneChangeLog(db, new Date());
      if (pruned > 0) opts.log.debug?.({ pruned }, 'board change log pruned');
    },
    opts.observe,
  );
}
