// Writing in-app notifications (the bell): called inside the transaction of the change that
// concerns the people, so a notification exists exactly when its step does. The one way rows get
// into `notifications`: workflow steps (server/src/workflow/runner.ts), reports, the deadline scan.
import type { DbOrTx } from '../../db/client.js';
import { notifications } from './tables.js';

export interface NotificationSpec {
  caseId?: number | null;
  /** What happened: 'case.dispatched', 'case.overdue', … (the UI picks an icon by it). */
  kind: string;
  titleZh: string;
  titleEn: string;
}

/** One notification per distinct user; user 0 (the system) and duplicates are skipped. */
export function notifyUsers(tx: DbOrTx, userIds: readonly number[], spec: NotificationSpec): Promise<number> {
  return notifyMany(tx, [{ userIds, spec }]);
}

/** Several notifications in one insert (a batch of reports), each as notifyUsers would write it. */
export async function notifyMany(tx: DbOrTx, items: ReadonlyArray<{ userIds: readonly number[]; spec: NotificationSpec }>): Promise<number> {
  const rows = items.flatMap(({ userIds, spec }) =>
    [...new Set(userIds)].filter((id) => id > 0).map((userId) => ({ userId, caseId: spec.caseId ?? null, kind: spec.kind, titleZh: spec.titleZh.slice(0, 200), titleEn: spec.titleEn.slice(0, 200) })),
  );
  if (rows.length) await tx.insert(notifications).values(rows);
  return rows.length;
}
