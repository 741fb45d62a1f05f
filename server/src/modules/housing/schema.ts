// Request and response schemas of dwellings (房屋), households (户) and the rental ledger (出租房屋台账).
import Type from 'typebox';
import { DOCUMENT_TYPE_KEYS } from '../../../../core/src/register/documents.js';
import { RELATION_KEYS } from '../../../../core/src/register/relations.js';
import { Literals, Name, Nullable, Page, Phone, Text, Timestamp } from '../../http/schemas.js';

const Id = (description: string) => Type.Integer({ minimum: 1, maximum: 2147483647, description });
/** Free text typed by a person (notes, findings): no markup. */
/** A calendar date written YYYY-MM-DD; the service checks that it exists. */
const DateText = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
/** 单元 and 室 as they are written on the door: digits, letters, a dash, or 单元/室 themselves. */
const DoorLabel = (description: string) => Type.String({ minLength: 1, maxLength: 16, pattern: '^[0-9A-Za-z\\-\\u4e00-\\u9fff]+$', description });

export const DWELLING_USES = ['residential', 'commercial', 'mixed', 'office', 'other'] as const;
export const OCCUPANCIES = ['owner', 'rented', 'vacant', 'lent', 'unknown'] as const;
export const HOUSEHOLD_KINDS = ['family', 'collective'] as const;
export const RENTAL_PURPOSES = ['residential', 'business', 'dormitory', 'mixed'] as const;

const Use = (fallback?: (typeof DWELLING_USES)[number]) => Literals(DWELLING_USES, { description: 'residential | commercial | mixed | office | other', default: fallback });
const Occupancy = (fallback?: (typeof OCCUPANCIES)[number]) =>
  Literals(OCCUPANCIES, { description: 'owner (自住) | rented (出租) | vacant (空置) | lent (借住) | unknown', default: fallback });
const RelationKey = Literals(RELATION_KEYS, { description: 'relation to the head: self (户主) | spouse | child | parent | …' });

// Dwellings

export const CreateDwellingBody = Type.Object(
  {
    buildingId: Id('the building (楼栋); the dwelling belongs to its grid'),
    unit: Type.Optional(DoorLabel('单元, e.g. 2')),
    floor: Type.Optional(Type.Integer({ minimum: -5, maximum: 150, description: '楼层 (negative for basements)' })),
    room: DoorLabel('室, e.g. 501'),
    areaM2: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100000, description: 'floor area in m²' })),
    use: Type.Optional(Use('residential')),
    occupancy: Type.Optional(Occupancy('unknown')),
    ownerName: Type.Optional(Name(50, '产权人 (owner), e.g. 张美荣')),
    notes: Type.Optional(Text(500, 'notes')),
  },
  { additionalProperties: false },
);

export const BulkRoomsBody = Type.Object(
  {
    units: Type.Integer({ minimum: 1, maximum: 20, description: 'number of 单元 (numbered 1…n)' }),
    floors: Type.Integer({ minimum: 1, maximum: 99, description: 'number of floors (numbered 1…n)' }),
    roomsPerFloor: Type.Integer({ minimum: 1, maximum: 20, description: 'rooms per floor and unit: floor 5, room 1 → 501' }),
    use: Type.Optional(Use('residential')),
  },
  { additionalProperties: false },
);
export const BulkRoomsResult = Type.Object({
  created: Type.Integer({ description: 'rooms created' }),
  skipped: Type.Integer({ description: 'rooms that were already registered' }),
});

export const UpdateDwellingBody = Type.Object(
  {
    areaM2: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 100000, description: 'floor area in m²' }))),
    use: Type.Optional(Use()),
    occupancy: Type.Optional(Occupancy()),
    ownerName: Type.Optional(Nullable(Name(50, '产权人 (owner)'))),
    notes: Type.Optional(Nullable(Text(500, 'notes'))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const DwellingListQuery = Type.Object(
  {
    buildingId: Type.Optional(Id('dwellings of this building')),
    orgUnitId: Type.Optional(Id('dwellings anywhere under this territory node')),
    occupancy: Type.Optional(Occupancy()),
    noHousehold: Type.Optional(Type.Boolean({ description: 'only dwellings without a registered household' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'address fragment, e.g. 3号楼2单元' })),
    ...Page,
  },
  { additionalProperties: false },
);

const DwellingFields = {
  id: Type.Integer(),
  orgUnitId: Type.Integer({ description: 'the grid, copied from the building' }),
  orgUnitName: Type.String(),
  buildingId: Type.Integer(),
  buildingName: Type.String(),
  unit: Nullable(Type.String()),
  floor: Nullable(Type.Integer()),
  room: Type.String(),
  address: Type.String({ description: 'full readable address, e.g. 通信花园社区 3号楼 2单元 501室' }),
  areaM2: Nullable(Type.Number()),
  use: Type.String(),
  occupancy: Type.String(),
  ownerName: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  verifiedAt: Nullable(Timestamp),
  householdCount: Type.Integer({ description: 'active households living here' }),
};
export const Dwelling = Type.Object(DwellingFields);
export const DwellingList = Type.Object({ items: Type.Array(Dwelling), total: Type.Integer() });

const HouseholdSummary = Type.Object({
  id: Type.Integer(),
  householdNo: Nullable(Type.String()),
  kind: Type.String(),
  headName: Nullable(Type.String()),
  address: Nullable(Type.String()),
  memberCount: Type.Integer(),
  verifiedAt: Nullable(Timestamp),
  version: Type.Integer({ description: 'the household’s version (see Household)' }),
});

const RentalSummaryFields = {
  id: Type.Integer(),
  dwellingId: Type.Integer(),
  address: Type.String(),
  landlordName: Type.String(),
  landlordPhone: Nullable(Type.String({ description: 'masked: 138****5678' })),
  rooms: Nullable(Type.Integer()),
  purpose: Type.String(),
  startDate: Type.String(),
  endDate: Nullable(Type.String()),
  status: Type.String({ description: 'active | ended' }),
  tenantCount: Type.Integer(),
};
export const RentalSummary = Type.Object(RentalSummaryFields);

export const DwellingDetail = Type.Object({
  ...DwellingFields,
  households: Type.Array(HouseholdSummary),
  rental: Nullable(RentalSummary),
});

// Households

export const CreateHouseholdBody = Type.Object(
  {
    orgUnitId: Type.Optional(Id('the grid; taken from the dwelling when one is given')),
    dwellingId: Type.Optional(Id('the dwelling the household lives in')),
    householdNo: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z\\-]+$', description: '户号 from the 户口簿' })),
    kind: Type.Optional(Literals(HOUSEHOLD_KINDS, { description: 'family (家庭户) | collective (集体户)', default: 'family' })),
    notes: Type.Optional(Text(500, 'notes')),
  },
  { additionalProperties: false },
);

export const UpdateHouseholdBody = Type.Object(
  {
    householdNo: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z\\-]+$', description: '户号' }))),
    kind: Type.Optional(Literals(HOUSEHOLD_KINDS, { description: 'family | collective' })),
    notes: Type.Optional(Nullable(Text(500, 'notes'))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const MoveHouseholdBody = Type.Object(
  { dwellingId: Nullable(Id('the new dwelling; null: not placed in a dwelling')) },
  { additionalProperties: false },
);

export const AddMemberBody = Type.Object(
  { personId: Id('a person of the register'), relation: RelationKey },
  { additionalProperties: false },
);
export const SetHeadBody = Type.Object(
  { personId: Id('a member who becomes the head (户主)') },
  { additionalProperties: false },
);
export const MemberParams = Type.Object(
  { id: Id('household id'), personId: Id('person id') },
  { additionalProperties: false },
);

export const HouseholdListQuery = Type.Object(
  {
    orgUnitId: Type.Optional(Id('households anywhere under this territory node')),
    dwellingId: Type.Optional(Id('households of this dwelling')),
    ...Page,
  },
  { additionalProperties: false },
);
export const HouseholdList = Type.Object({ items: Type.Array(HouseholdSummary), total: Type.Integer() });

const VisibleTag = Type.Object({
  key: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  sensitive: Type.Boolean(),
  derived: Type.Boolean({ description: 'follows from age or residence status' }),
  managementLevel: Nullable(Type.String({ description: 'normal | temporary | key, on sensitive tags' })),
});

const Member = Type.Object({
  personId: Type.Integer(),
  name: Type.String(),
  relation: Type.String(),
  relationZh: Type.String(),
  relationEn: Type.String(),
  isHead: Type.Boolean(),
  gender: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  age: Nullable(Type.Integer()),
  documentNumber: Type.String({ description: 'masked: 110105********002X' }),
  phone: Nullable(Type.String({ description: 'masked: 138****5678' })),
  residenceStatus: Type.String({ description: 'registered (户籍) | migrant (流动) | overseas (境外)' }),
  tags: Type.Array(VisibleTag, { description: 'tags the caller may see, derived ones (60岁以上) included' }),
});

export const Household = Type.Object({
  id: Type.Integer(),
  orgUnitId: Type.Integer(),
  orgUnitName: Type.String(),
  dwellingId: Nullable(Type.Integer()),
  address: Nullable(Type.String()),
  householdNo: Nullable(Type.String()),
  kind: Type.String(),
  headPersonId: Nullable(Type.Integer()),
  headName: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  verifiedAt: Nullable(Timestamp),
  version: Type.Integer({ description: 'changes with every change of the household or its members (send it back as householdVersion)' }),
  members: Type.Array(Member),
});

// Rentals

export const CreateRentalBody = Type.Object(
  {
    dwellingId: Id('the dwelling let'),
    landlordPersonId: Type.Optional(Id('the landlord when registered as a person here')),
    landlordName: Type.Optional(Name(50, '房东 (landlord), e.g. 王建国')),
    landlordPhone: Type.Optional(Phone),
    rooms: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'rooms let' })),
    purpose: Type.Optional(Literals(RENTAL_PURPOSES, { description: 'residential | business | dormitory (宿舍) | mixed', default: 'residential' })),
    startDate: DateText('start of the let, YYYY-MM-DD'),
    endDate: Type.Optional(DateText('end of the let, YYYY-MM-DD')),
    notes: Type.Optional(Text(500, 'notes')),
  },
  { additionalProperties: false },
);

export const AddTenantBody = Type.Object(
  {
    personId: Id('the tenant, a person of the register'),
    room: Type.Optional(DoorLabel('the room rented, e.g. 次卧 or 2')),
    fromDate: DateText('moved in, YYYY-MM-DD'),
    untilDate: Type.Optional(DateText('rents until, YYYY-MM-DD')),
  },
  { additionalProperties: false },
);

export const EndRentalBody = Type.Object({ endDate: DateText('the day the let ended, YYYY-MM-DD') }, { additionalProperties: false });

export const RentalListQuery = Type.Object(
  {
    orgUnitId: Type.Optional(Id('rentals anywhere under this territory node')),
    status: Type.Optional(Literals(['active', 'ended'] as const, { description: 'active | ended' })),
    expiring: Type.Optional(Type.Boolean({ description: 'only active lets ending within 30 days' })),
    ...Page,
  },
  { additionalProperties: false },
);
export const RentalList = Type.Object({ items: Type.Array(RentalSummary), total: Type.Integer() });

const Tenant = Type.Object({
  personId: Type.Integer(),
  name: Type.String(),
  documentNumber: Type.String({ description: 'masked' }),
  phone: Nullable(Type.String({ description: 'masked' })),
  residenceStatus: Type.String(),
  residenceUntil: Nullable(Type.String()),
  room: Nullable(Type.String()),
  fromDate: Type.String(),
  untilDate: Nullable(Type.String()),
});

export const Rental = Type.Object({
  ...RentalSummaryFields,
  orgUnitId: Type.Integer(),
  landlordPersonId: Nullable(Type.Integer()),
  notes: Nullable(Type.String()),
  tenants: Type.Array(Tenant),
});


// Register changes from the field app (户籍变动: 迁入、迁出、出生、死亡、新租户).

export const HOUSEHOLD_CHANGE_KINDS = ['moveIn', 'moveOut', 'birth', 'death', 'newTenant'] as const;

export const HouseholdChangeBody = Type.Object(
  {
    kind: Literals(HOUSEHOLD_CHANGE_KINDS, { description: 'moveIn 迁入 | moveOut 迁出 | birth 出生 | death 死亡 | newTenant 新租户' }),
    householdVersion: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'the version the phone saw; another → 409 HOUSEHOLD_CHANGED' }),
    personId: Type.Optional(Id('an existing person: who moves in, out, died, or becomes the tenant')),
    person: Type.Optional(
      Type.Object(
        {
          name: Name(50, 'name, e.g. 李子涵'),
          documentType: Type.Optional(Literals(DOCUMENT_TYPE_KEYS)),
          documentNumber: Type.String({ minLength: 5, maxLength: 30, pattern: '^[0-9A-Za-z]+$', description: '居民身份证号 (a newborn gets one at 出生登记) or another document number' }),
          phone: Type.Optional(Phone),
        },
        { additionalProperties: false, description: 'a new person (moveIn, birth, newTenant)' },
      ),
    ),
    relation: Type.Optional(RelationKey),
    newHeadPersonId: Type.Optional(Id('moveOut/death of the head: the member who becomes head')),
    to: Type.Optional(Text(100, 'moveOut: where to, e.g. 郑东新区')),
    date: Type.Optional(DateText('death: the date; newTenant: moved in (default today), YYYY-MM-DD')),
    room: Type.Optional(DoorLabel('newTenant: the room rented')),
    untilDate: Type.Optional(DateText('newTenant: rents until, YYYY-MM-DD')),
    landlordName: Type.Optional(Name(50, 'newTenant when no let is recorded yet: the landlord')),
  },
  { additionalProperties: false },
);

const FieldMember = Type.Object({
  id: Type.Integer({ description: 'person id' }),
  name: Type.String(),
  relation: Type.String(),
  sex: Nullable(Type.String()),
  age: Nullable(Type.Integer()),
  tags: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), en: Type.String() }), { description: 'the tags the caller may see' }),
  idMasked: Nullable(Type.String({ description: '410105********1234' })),
  phoneMasked: Nullable(Type.String({ description: '138****5678' })),
});
/** A household as the field app keeps it (the snapshot; a 409 HOUSEHOLD_CHANGED's details.current). */
export const FieldHousehold = Type.Object({
  id: Type.Integer(),
  version: Type.Integer(),
  gridId: Type.Integer(),
  address: Nullable(Type.String()),
  headName: Nullable(Type.String()),
  members: Type.Array(FieldMember),
  lastVisitAt: Nullable(Timestamp),
});
