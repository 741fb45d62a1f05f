// Factories for the visit and coverage tests: grids, buildings, dwellings, households and persons
// written straight into the database, so these tests do not depend on the housing endpoints.
import { mod11_2CheckChar } from '../../../../core/src/register/id-card.js';
import { pinyinKeys } from '../../../../core/src/register/pinyin.js';
import { buildings, dwellings, householdMembers, households, persons } from '../../db/schema.js';
import type { TestApp } from '../../../test/harness.js';
import { nodeByCode } from '../../../test/harness.js';
import { insertNode } from '../territory/repo.js';

let seq = 0;

/** A new grid under a community (by code), named like the demo grids. */
export async function buildGrid(t: TestApp, communityCode: string, name: string) {
  const community = await nodeByCode(t, communityCode);
  return insertNode(t.database.db, community, { name, level: community.level + 1, code: null, divisionCode: null, sortOrder: 100 + ++seq });
}

export async function buildBuilding(t: TestApp, orgUnitId: number, number: string) {
  const [row] = await t.database.db.insert(buildings).values({ orgUnitId, name: `通信花园小区${number}`, number, lng: 113.6712, lat: 34.7712 }).returning();
  return row!;
}

export async function buildDwelling(t: TestApp, building: { id: number; orgUnitId: number; number: string | null }, unit: string, room: string, extra: Partial<typeof dwellings.$inferInsert> = {}) {
  const [row] = await t.database.db
    .insert(dwellings)
    .values({ orgUnitId: building.orgUnitId, buildingId: building.id, unit, room, floor: Number(room.slice(0, -2)), address: `通信花园小区${building.number}${unit}单元${room}室`, ...extra })
    .returning();
  return row!;
}

/** A valid 18-character ID number, different on every call. */
export function nextIdNumber(birth = '19620415') {
  const first17 = `410105${birth}${String(++seq % 1000).padStart(3, '0')}`;
  return first17 + mod11_2CheckChar(first17);
}

export async function buildPerson(t: TestApp, orgUnitId: number, name: string, extra: Partial<typeof persons.$inferInsert> & { idNumber?: string; phone?: string } = {}) {
  const { idNumber = nextIdNumber(), phone, ...columns } = extra;
  const keys = pinyinKeys(name);
  const [row] = await t.database.db
    .insert(persons)
    .values({
      orgUnitId,
      name,
      nameInitials: keys.initials,
      nameFull: keys.full,
      documentType: 'id_card',
      documentEnc: t.crypto.encrypt(idNumber),
      documentHash: t.crypto.hash(idNumber),
      documentSuffix4: t.crypto.hashSuffix(idNumber, 4),
      documentSuffix6: t.crypto.hashSuffix(idNumber, 6),
      phoneEnc: phone ? t.crypto.encrypt(phone) : null,
      phoneHash: phone ? t.crypto.hash(phone) : null,
      residenceStatus: 'registered',
      ...columns,
    })
    .returning();
  return row!;
}

/** A household with its head and members (relation 户主 for the head). */
export async function buildHousehold(t: TestApp, orgUnitId: number, dwellingId: number | null, members: Array<{ id: number }>, extra: Partial<typeof households.$inferInsert> = {}) {
  const db = t.database.db;
  const [row] = await db.insert(households).values({ orgUnitId, dwellingId, headPersonId: members[0]?.id ?? null, ...extra }).returning();
  for (const [i, m] of members.entries()) await db.insert(householdMembers).values({ householdId: row!.id, personId: m.id, relation: i === 0 ? 'self' : 'spouse' });
  return row!;
}
