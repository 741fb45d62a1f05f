// Writing in-app notifications (the bell): called inside the transaction of the change that
// concerns the people, so a notification exists exactly when its step does.
import type { DbOrTx } from '../../db/client.js';
import { notifications } from '../../db/schema.js';

export interface NotificationSpec {
  caseId?: number | null;
  /** What happened: 'case.dispatched', 'case.overdue', … (the UI picks an icon by it). */
  kind: string;
  titleZh: string;
  titleEn: string;
}

/** One notification per distinct user; user 0 (the system) and duplicates are skipped. */
export async function notifyUsers(tx: DbOrTx, userIds: readonly number[], spec: NotificationSpec): Promise<number> {
  const ids = [...new Set(userIds)].filter((id) => id > 0);
  if (ids.length === 0) return 0;
  await tx.insert(notifications).values(ids.map((userId) => ({ userId, caseId: spec.caseId ?? null, kind: spec.kind, titleZh: spec.titleZh.slice(0, 200), titleEn: spec.titleEn.slice(0, 200) })));
  return ids.length;
}
