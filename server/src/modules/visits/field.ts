// What the field app keeps of visits offline: the open 五必访 reminders and the residence
// registrations about to expire in the caller's area (the snapshot composes these).
import { inArray } from 'drizzle-orm';
import { todayIn } from '../../../../core/src/register/id-card.js';
import { addDays } from '../../../../core/src/register/visit-kinds.js';
import type { Actor } from '../../actor.js';
import type { DbOrTx } from '../../db/client.js';
import { householdMembers } from '../housing/index.js';
import * as repo from './repo.js';

/** At most this many of each list go to the phone. */
const LIMIT = 200;
/** Registrations expiring within this many days are listed. */
const EXPIRING_DAYS = 30;

export async function fieldVisits(db: DbOrTx, actor: Actor, timeZone: string) {
  const today = todayIn(timeZone);
  const reminders = await repo.listReminders(db, actor, { status: 'open', page: 1, pageSize: LIMIT });
  // One list per node the caller is bound to (a grid worker: their grids).
  const expiring = (await Promise.all(actor.scopePaths.map((path) => repo.residenceExpiring(db, actor, { orgUnitPath: path, until: addDays(today, EXPIRING_DAYS), page: 1, pageSize: LIMIT })))).flatMap((r) => r.items);
  const personIds = expiring.map((p) => p.personId);
  const homes = personIds.length
    ? await db.select({ personId: householdMembers.personId, householdId: householdMembers.householdId }).from(householdMembers).where(inArray(householdMembers.personId, personIds))
    : [];
  const householdOf = new Map(homes.map((h) => [h.personId, h.householdId]));
  return {
    visitsDue: reminders.items.map((r) => ({ householdId: r.reminder.householdId, reason: r.reminder.reason, dueAt: r.reminder.dueDate, address: r.address, headName: r.headName })),
    residenceExpiring: expiring.map((p) => ({ personId: p.personId, name: p.name, householdId: householdOf.get(p.personId) ?? null, expiresAt: p.residenceUntil })),
  };
}
