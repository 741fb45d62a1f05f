// Register changes from the field app (户籍变动: 迁入、迁出、出生、死亡、新租户), one request = one
// transaction through the register's and housing's own service functions (each writes its audit
// row; called on the transaction, their own transactions become savepoints of this one). The phone
// says which version of the household it saw; if the household changed since, nothing is written
// and the answer is 409 HOUSEHOLD_CHANGED with the household as it is now.
import { todayIn } from '../../../../core/src/register/id-card.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { Db } from '../../db/client.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { createPerson, deregisterPerson } from '../register/index.js';
import { fieldHouseholds } from './field.js';
import { addMember, requireHousehold, setHead } from './households.js';
import * as rentalRepo from './rental-repo.js';
import { addTenant, createRental } from './rentals.js';
import * as repo from './repo.js';
import type { HOUSEHOLD_CHANGE_KINDS } from './schema.js';
import type { HousingDeps } from './service.js';

export interface HouseholdChange {
  kind: (typeof HOUSEHOLD_CHANGE_KINDS)[number];
  householdVersion: number;
  personId?: number;
  person?: { name: string; documentType?: string; documentNumber: string; phone?: string };
  relation?: string;
  newHeadPersonId?: number;
  to?: string;
  date?: string;
  room?: string;
  untilDate?: string;
  landlordName?: string;
}

const needs = (field: string, kind: string) =>
  badRequest('FIELD_REQUIRED', { zh: `「${kind}」须填写 ${field}`, en: `${kind} needs ${field}` }, { field });

const householdChanged = (current: unknown) =>
  conflict('HOUSEHOLD_CHANGED', { zh: '该户信息已被他人修改，请核对最新情况后重新提交', en: 'The household was changed meanwhile; check it as it is now and resend' }, { current });

export async function changeHousehold(deps: HousingDeps, actor: Actor, id: number, body: HouseholdChange) {
  requirePermission(actor, 'register.write');
  return deps.db.transaction(async (tx) => {
    // The services below open transactions of their own: on this one, they are savepoints in it.
    const inTx: HousingDeps = { ...deps, db: tx as unknown as Db };
    const row = await requireHousehold(tx, actor, id);
    const version = await repo.lockHouseholdVersion(tx, id);
    if (version !== body.householdVersion) throw householdChanged((await fieldHouseholds(deps, tx, actor, [id]))[0]);
    const h = row.household;
    const members = await repo.members(tx, id);
    const member = (personId: number | undefined) => {
      if (personId === undefined) throw needs('personId', body.kind);
      if (!members.some((m) => m.person.id === personId)) throw notFound({ zh: '本户成员', en: 'Household member' });
      return personId;
    };
    const newPerson = async () => {
      if (!body.person) throw needs('person', body.kind);
      const place = h.dwellingId ? { dwellingId: h.dwellingId } : { orgUnitId: h.orgUnitId };
      return (await createPerson(inTx, actor, { ...body.person, ...place })).id;
    };
    // The head leaving a household with others names the next head first.
    const handOver = async (leaving: number) => {
      if (h.headPersonId === leaving && body.newHeadPersonId !== undefined) await setHead(inTx, actor, id, { personId: member(body.newHeadPersonId) });
    };

    switch (body.kind) {
      case 'moveIn': {
        const personId = body.personId ?? (await newPerson());
        await addMember(inTx, actor, id, { personId, relation: body.relation ?? (() => { throw needs('relation', body.kind); })() });
        break;
      }
      case 'birth': {
        const personId = await newPerson();
        await addMember(inTx, actor, id, { personId, relation: body.relation ?? 'child' });
        break;
      }
      case 'moveOut': {
        const personId = member(body.personId);
        await handOver(personId);
        await deregisterPerson(inTx, actor, personId, { reason: 'moved_out', ...(body.to ? { note: `迁往${body.to}` } : {}) });
        break;
      }
      case 'death': {
        const personId = member(body.personId);
        if (!body.date) throw needs('date', body.kind);
        await handOver(personId);
        await deregisterPerson(inTx, actor, personId, { reason: 'deceased', note: `${body.date} 去世` });
        break;
      }
      case 'newTenant': {
        if (!h.dwellingId) throw badRequest('NO_DWELLING', { zh: '该户未登记房屋，无法登记租户', en: 'The household has no dwelling to let' });
        const fromDate = body.date ?? todayIn(deps.timeZone);
        const current = await rentalRepo.latestActiveRental(tx, h.dwellingId);
        const rentalId = current?.rental.id ?? (body.landlordName ? (await createRental(inTx, actor, { dwellingId: h.dwellingId, landlordName: body.landlordName, startDate: fromDate })).id : (() => { throw needs('landlordName', body.kind); })());
        const personId = body.personId ?? (await newPerson());
        await addTenant(inTx, actor, rentalId, { personId, fromDate, ...(body.room ? { room: body.room } : {}), ...(body.untilDate ? { untilDate: body.untilDate } : {}) });
        break;
      }
    }
    const [after] = await fieldHouseholds(deps, tx, actor, [id]);
    // A household whose last member left is closed: answer what the phone saw, without members.
    return after ?? { id, version: body.householdVersion + 1, gridId: h.orgUnitId, address: row.address, headName: null, members: [], lastVisitAt: null };
  });
}
