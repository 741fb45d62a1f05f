import Type from 'typebox';
import { COMPONENT_CONDITION_KEYS } from '../../../../core/src/register/component-conditions.js';
import { PLACE_KIND_KEYS } from '../../../../core/src/register/place-kinds.js';
import { Literals, Name, Nullable, Page, Phone, Text, Timestamp } from '../../http/schemas.js';

const Id = (description: string) => Type.Integer({ minimum: 1, maximum: 2147483647, description });
const Lng = Type.Number({ minimum: -180, maximum: 180, description: 'longitude, WGS-84' });
const Lat = Type.Number({ minimum: -90, maximum: 90, description: 'latitude, WGS-84' });
const Address = Name(200, 'address, e.g. 纬五路13号院临街2号');
const Abilities = (keys: string[]) => Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Boolean()])));

// Places and organisations (场所与组织)

const PlaceKind = Literals(PLACE_KIND_KEYS, { description: 'shop 沿街商户, key_place 重点场所, resident_unit 驻区单位, social_org 社会组织, private_enterprise 非公企业, property_company 物业公司' });
const CreditCode = Type.String({ minLength: 1, maxLength: 30, pattern: '^[0-9A-Za-z -]+$', description: '统一社会信用代码 (18 characters, validated with its check character)' });

/** Fields a place has besides its location. */
const placeFields = {
  kind: PlaceKind,
  name: Name(100, 'name, e.g. 老杨家烩面馆'),
  address: Address,
  creditCode: Type.Optional(CreditCode),
  industry: Type.Optional(Name(50, 'industry, e.g. 餐饮')),
  legalRepresentative: Type.Optional(Name(50, '法定代表人/负责人')),
  contactName: Type.Optional(Name(50, 'contact person')),
  contactPhone: Type.Optional(Phone),
  employees: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'number of employees' })),
  notes: Type.Optional(Text(500, 'notes')),
};

export const CreatePlaceBody = Type.Object(
  {
    orgUnitId: Type.Optional(Id('the grid (or community); else taken from the building or located from lng/lat')),
    buildingId: Type.Optional(Id('the building the place is in; sets the grid and the location')),
    lng: Type.Optional(Lng),
    lat: Type.Optional(Lat),
    ...placeFields,
  },
  { additionalProperties: false },
);

export const UpdatePlaceBody = Type.Object(
  {
    kind: Type.Optional(PlaceKind),
    name: Type.Optional(placeFields.name),
    address: Type.Optional(Address),
    creditCode: Type.Optional(Nullable(CreditCode)),
    industry: Type.Optional(Nullable(placeFields.industry)),
    legalRepresentative: Type.Optional(Nullable(placeFields.legalRepresentative)),
    contactName: Type.Optional(Nullable(placeFields.contactName)),
    contactPhone: Type.Optional(Nullable(Phone)),
    employees: Type.Optional(Nullable(placeFields.employees)),
    notes: Type.Optional(Nullable(placeFields.notes)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Place = Type.Object({
  id: Type.Integer(),
  orgUnitId: Type.Integer(),
  orgUnitName: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  address: Type.String(),
  buildingId: Nullable(Type.Integer()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  creditCode: Nullable(Type.String({ description: '统一社会信用代码 (public, not masked)' })),
  industry: Nullable(Type.String()),
  legalRepresentative: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String({ description: 'masked: 138****5678' })),
  employees: Nullable(Type.Integer()),
  notes: Nullable(Type.String()),
  status: Type.String({ description: 'active | retired' }),
  verifiedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  abilities: Abilities(['update', 'retire', 'verify', 'reveal']),
});
export const PlaceList = Type.Object({ items: Type.Array(Place), total: Type.Integer() });

export const PlaceListQuery = Type.Object(
  {
    orgUnitId: Type.Optional(Id('only places under this node')),
    kind: Type.Optional(PlaceKind),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'name or address fragment, pinyin initials of the name, a credit code or a contact phone' })),
    includeRetired: Type.Optional(Type.Boolean({ default: false })),
    ...Page,
  },
  { additionalProperties: false },
);

export const RetireBody = Type.Object({ reason: Text(200, 'why the place is closed or gone (audited)') }, { additionalProperties: false });
export const RevealBody = Type.Object({ reason: Text(100, 'why the plain value is needed (audited)') }, { additionalProperties: false });
export const RevealedPlace = Type.Object({ contactPhone: Nullable(Type.String()) });

// City components (部件)

const Condition = Literals(COMPONENT_CONDITION_KEYS, { description: 'intact 完好, damaged 损坏, missing 丢失, occupied 占用, removed 移除' });

export const CreateComponentBody = Type.Object(
  {
    categoryCode: Type.String({ pattern: '^\\d{5}$', description: 'GB/T 47678.5 component item, e.g. 01037 路灯' }),
    lng: Lng,
    lat: Lat,
    orgUnitId: Type.Optional(Id('the grid; else located from lng/lat. The point must lie in it when it has a boundary')),
    code: Type.Optional(Type.String({ pattern: '^\\d{17}$', description: '部件标识码: county (6) + category (5) + number (6); generated when absent' })),
    name: Type.Optional(Name(100, 'e.g. 纬五路3号路灯')),
    address: Type.Optional(Address),
    condition: Type.Optional(Condition),
    ownerDepartment: Type.Optional(Name(100, '主管部门')),
    maintainer: Type.Optional(Name(100, '养护单位')),
    notes: Type.Optional(Text(500, 'notes')),
  },
  { additionalProperties: false },
);

export const UpdateComponentBody = Type.Object(
  {
    condition: Type.Optional(Condition),
    name: Type.Optional(Nullable(Name(100, 'name'))),
    address: Type.Optional(Nullable(Address)),
    ownerDepartment: Type.Optional(Nullable(Name(100, '主管部门'))),
    maintainer: Type.Optional(Nullable(Name(100, '养护单位'))),
    notes: Type.Optional(Nullable(Text(500, 'notes'))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Component = Type.Object({
  id: Type.Integer(),
  orgUnitId: Type.Integer(),
  orgUnitName: Type.String(),
  categoryCode: Type.String(),
  categoryName: Type.String({ description: 'item name from the dictionary, e.g. 路灯' }),
  className: Type.String({ description: 'class name, e.g. 市政公用设施' }),
  code: Type.String({ description: '部件标识码' }),
  name: Nullable(Type.String()),
  lng: Type.Number(),
  lat: Type.Number(),
  address: Nullable(Type.String()),
  condition: Type.String(),
  ownerDepartment: Nullable(Type.String()),
  maintainer: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  verifiedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  abilities: Abilities(['update', 'verify']),
});
export const ComponentList = Type.Object({ items: Type.Array(Component), total: Type.Integer() });

export const ComponentListQuery = Type.Object(
  {
    orgUnitId: Type.Optional(Id('only components under this node')),
    categoryCode: Type.Optional(Type.String({ pattern: '^\\d{2}(\\d{3})?$', description: 'a class (01) or an item (01037)' })),
    condition: Type.Optional(Condition),
    bbox: Type.Optional(Type.String({ pattern: '^-?\\d+(\\.\\d+)?(,-?\\d+(\\.\\d+)?){3}$', description: 'minLng,minLat,maxLng,maxLat (WGS-84), for the map' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'component code prefix or name fragment' })),
    ...Page,
  },
  { additionalProperties: false },
);

const CategoryItem = Type.Object({ code: Type.String(), name: Type.String() });
export const ComponentCategories = Type.Object({
  standard: Type.String(),
  classes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), items: Type.Array(CategoryItem) })),
});
