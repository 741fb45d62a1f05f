// The register (人、地、事、物、组织): persons, households, dwellings, places, components, visits,
// coverage and Excel ledgers (docs/api.md, "Register"). ID and phone numbers arrive masked.
import { http, type Query } from './http';
import type { Id, Page } from './types';

const id = (value: Id) => encodeURIComponent(String(value));

export interface PersonTag {
  key: string;
  zh: string;
  en: string;
  group: string;
  sensitive: boolean;
  /** Follows from another fact (age, residence status); not set by hand. */
  derived: boolean;
  managementLevel: string | null;
  since: string | null;
  note: string | null;
}

export interface PersonHousehold {
  householdId: Id;
  relation: string;
  isHead: boolean;
  address: string | null;
}

export interface Person {
  id: Id;
  orgUnitId: Id;
  orgUnitName: string;
  name: string;
  documentType: string;
  /** Masked: 410105********902X. */
  documentNumber: string;
  gender: string | null;
  birthDate: string | null;
  age: number | null;
  ethnicity: string | null;
  /** Masked: 138****6721. */
  phone: string | null;
  residenceStatus: string;
  education: string | null;
  occupation: string | null;
  nationality: string | null;
  hukouAddress: string | null;
  residenceFrom: string | null;
  residenceUntil: string | null;
  skills: string | null;
  notes: string | null;
  dwellingId: Id | null;
  dwellingAddress: string | null;
  tags: PersonTag[];
  households?: PersonHousehold[];
  status: string;
  verifiedAt: string | null;
  createdAt: string;
  abilities: { reveal: boolean; write: boolean };
}

/** A new person: in a grid (orgUnitId) or in a dwelling (its grid follows). */
export interface NewPerson {
  orgUnitId?: Id;
  dwellingId?: Id;
  name: string;
  documentType?: string;
  documentNumber: string;
  phone?: string;
  ethnicity?: string;
  residenceStatus?: string;
  education?: string;
  occupation?: string;
  nationality?: string;
  hukouAddress?: string;
  residenceFrom?: string;
  residenceUntil?: string;
  skills?: string;
  notes?: string;
  tags?: { key: string; managementLevel?: string }[];
}

/** Fields a PATCH may change; null clears an optional one. */
export interface PersonPatch {
  name?: string;
  phone?: string | null;
  ethnicity?: string | null;
  residenceStatus?: string;
  education?: string | null;
  occupation?: string | null;
  nationality?: string | null;
  hukouAddress?: string | null;
  residenceFrom?: string | null;
  residenceUntil?: string | null;
  skills?: string | null;
  notes?: string | null;
}

export interface PersonQuery {
  q?: string;
  orgUnitId?: Id;
  tag?: string;
  residenceStatus?: string;
  page?: number;
  pageSize?: number;
}

export interface TagDefinition {
  key: string;
  zh: string;
  en: string;
  group: string;
  sensitive: boolean;
  managementLevels: string[] | null;
  /** Roles that see a sensitive tag besides the default ones; null: the default ones. */
  visibleTo: string[] | null;
  derived: boolean;
  status: string;
  sortOrder: number;
}

export interface NewTag {
  key: string;
  zh: string;
  en: string;
  group: string;
  sensitive: boolean;
  managementLevels?: string[];
  visibleTo?: string[];
}

export interface TagPatch {
  zh?: string;
  en?: string;
  visibleTo?: string[] | null;
  status?: 'active' | 'retired';
  sortOrder?: number;
}

export interface Label {
  key: string;
  zh: string;
  en: string;
}

export interface TagCatalogue {
  items: TagDefinition[];
  groups: Label[];
  managementLevels: Label[];
}

export interface HouseholdHit {
  id: Id;
  headName: string | null;
  address: string | null;
  orgUnitName: string;
  members: number;
}

export interface DwellingHit {
  id: Id;
  address: string;
  occupancy: string;
  orgUnitName: string;
  households: number;
}

export interface PlaceHit {
  id: Id;
  name: string;
  kind: string;
  address: string;
  orgUnitName: string;
  creditCode: string | null;
}

interface Section<T> {
  items: T[];
  more: boolean;
}

export interface SearchResult {
  q: string;
  /** How the text was read: id_number | id_suffix | phone | credit_code | pinyin | number | text. */
  reading: string;
  persons: Section<Person>;
  households: Section<HouseholdHit>;
  dwellings: Section<DwellingHit>;
  places: Section<PlaceHit>;
}

export interface VisibleTag {
  key: string;
  zh: string;
  en: string;
  /** Set on sensitive tags only (normal | temporary | key). */
  managementLevel: string | null;
}

export interface HouseholdMember {
  personId: Id;
  name: string;
  relation: string;
  relationZh: string;
  relationEn: string;
  isHead: boolean;
  gender: string | null;
  birthDate: string | null;
  age: number | null;
  documentNumber: string;
  phone: string | null;
  residenceStatus: string;
  tags: VisibleTag[];
}

export interface Household {
  id: Id;
  orgUnitId: Id;
  orgUnitName: string;
  dwellingId: Id | null;
  address: string | null;
  householdNo: string | null;
  kind: string;
  headPersonId: Id | null;
  headName: string | null;
  notes: string | null;
  verifiedAt: string | null;
  members: HouseholdMember[];
}

export interface Dwelling {
  id: Id;
  orgUnitId: Id;
  orgUnitName: string;
  buildingId: Id;
  buildingName: string;
  unit: string | null;
  floor: number | null;
  room: string;
  address: string;
  areaM2: number | null;
  use: string;
  occupancy: string;
  ownerName: string | null;
  notes: string | null;
  verifiedAt: string | null;
  householdCount: number;
}

export interface RentalSummary {
  id: Id;
  dwellingId: Id;
  address: string;
  landlordName: string;
  landlordPhone: string | null;
  rooms: number | null;
  purpose: string;
  startDate: string;
  endDate: string | null;
  status: string;
  tenantCount: number;
}

export interface Tenant {
  personId: Id;
  name: string;
  /** Masked. */
  documentNumber: string;
  phone: string | null;
  residenceStatus: string;
  residenceUntil: string | null;
  room: string | null;
  fromDate: string;
  untilDate: string | null;
}

export interface Rental extends RentalSummary {
  orgUnitId: Id;
  landlordPersonId: Id | null;
  notes: string | null;
  tenants: Tenant[];
}

export interface NewRental {
  dwellingId: Id;
  landlordPersonId?: Id;
  landlordName?: string;
  landlordPhone?: string;
  rooms?: number;
  purpose?: string;
  startDate: string;
  endDate?: string;
  notes?: string;
}

export interface NewTenant {
  personId: Id;
  room?: string;
  fromDate: string;
  untilDate?: string;
}

export interface NewDwelling {
  buildingId: Id;
  unit?: string;
  floor?: number;
  room: string;
  areaM2?: number;
  use?: string;
  occupancy?: string;
  ownerName?: string;
  notes?: string;
}

export interface DwellingPatch {
  areaM2?: number | null;
  use?: string;
  occupancy?: string;
  ownerName?: string | null;
  notes?: string | null;
}

export interface HouseholdSummary {
  id: Id;
  householdNo: string | null;
  kind: string;
  headName: string | null;
  address: string | null;
  memberCount: number;
  verifiedAt: string | null;
}

export interface DwellingDetail extends Dwelling {
  households: { id: Id; householdNo: string | null; kind: string; headName: string | null; memberCount: number; verifiedAt: string | null }[];
  rental: RentalSummary | null;
}

export interface DwellingQuery {
  orgUnitId?: Id;
  buildingId?: Id;
  occupancy?: string;
  noHousehold?: boolean;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface Place {
  id: Id;
  orgUnitId: Id;
  orgUnitName: string;
  kind: string;
  name: string;
  address: string;
  buildingId: Id | null;
  lng: number | null;
  lat: number | null;
  creditCode: string | null;
  industry: string | null;
  legalRepresentative: string | null;
  contactName: string | null;
  /** Masked: 138****6721. */
  contactPhone: string | null;
  employees: number | null;
  notes: string | null;
  status: string;
  verifiedAt: string | null;
  createdAt: string;
  abilities: { update: boolean; retire: boolean; verify: boolean; reveal: boolean };
}

/** A place's fields as a form sends them; where it is: a grid, a building or a point. */
export interface PlaceInput {
  kind?: string;
  name?: string;
  address?: string;
  orgUnitId?: Id;
  buildingId?: Id;
  lng?: number;
  lat?: number;
  creditCode?: string | null;
  industry?: string | null;
  legalRepresentative?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  employees?: number | null;
  notes?: string | null;
}

export interface PlaceQuery {
  orgUnitId?: Id;
  kind?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface CityComponent {
  id: Id;
  orgUnitId: Id;
  orgUnitName: string;
  categoryCode: string;
  categoryName: string;
  className: string;
  code: string;
  name: string | null;
  lng: number;
  lat: number;
  address: string | null;
  condition: string;
  ownerDepartment: string | null;
  maintainer: string | null;
  notes: string | null;
  verifiedAt: string | null;
  abilities: { update: boolean; verify: boolean };
}

export interface NewComponent {
  categoryCode: string;
  lng: number;
  lat: number;
  orgUnitId?: Id;
  code?: string;
  name?: string;
  address?: string;
  condition?: string;
  ownerDepartment?: string;
  maintainer?: string;
  notes?: string;
}

export interface ComponentQuery {
  orgUnitId?: Id;
  categoryCode?: string;
  condition?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface ComponentCategories {
  standard: string;
  classes: { code: string; name: string; items: { code: string; name: string }[] }[];
}

export interface Visit {
  id: Id;
  householdId: Id;
  orgUnitName: string;
  address: string | null;
  headName: string | null;
  visitorName: string;
  visitedAt: string;
  kind: string;
  kindZh: string;
  kindEn: string;
  findings: string;
  needs: string | null;
  fulfilledReminderIds?: Id[];
}

export interface NewVisit {
  householdId: Id;
  visitedAt?: string;
  kind: string;
  findings: string;
  needs?: string | null;
}

export interface Reminder {
  id: Id;
  householdId: Id;
  orgUnitName: string;
  address: string | null;
  headName: string | null;
  reason: string;
  reasonZh: string;
  reasonEn: string;
  note: string | null;
  dueDate: string;
  status: 'open' | 'overdue' | 'done' | 'cancelled';
  doneAt: string | null;
  abilities: { cancel: boolean };
}

export interface NewReminder {
  householdId: Id;
  reason: string;
  note?: string;
  dueDate?: string;
}

interface NodeRef {
  id: Id;
  name: string;
  level: number;
}

export interface OverdueReport {
  root: NodeRef;
  days: number;
  since: string;
  items: { householdId: Id; orgUnitName: string; headName: string | null; address: string | null; lastVisitAt: string | null; daysSince: number | null }[];
  total: number;
  grids: { id: Id; name: string; households: number; visited: number; notVisited: number }[];
  workers: { visitorUserId: Id | null; visitorName: string; visits: number; households: number; lastVisitAt: string }[];
}

export interface ResidenceExpiring {
  personId: Id;
  name: string;
  phone: string | null;
  residenceUntil: string;
  daysLeft: number;
  orgUnitName: string;
  address: string | null;
}

export type CoverageCounts = Record<string, number>;

export interface CoverageRow {
  id: Id;
  parentId: Id | null;
  name: string;
  level: number;
  counts: CoverageCounts;
}

export interface CoverageReport {
  root: NodeRef;
  staleMonths: number;
  rules: (Label & { entity: string })[];
  totals: CoverageCounts;
  levels: CoverageRow[];
  grids: Page<CoverageRow>;
}

export interface CoverageItem {
  entityType: 'person' | 'household' | 'dwelling';
  id: Id;
  orgUnitName: string;
  name: string | null;
  documentNumber: string | null;
  address: string | null;
  verifiedAt: string | null;
  createdAt: string;
  related: Id[];
}

export type LedgerEntity = 'persons' | 'dwellings' | 'places' | 'components';

export interface LedgerProblem {
  row: number;
  column: string | null;
  message: string;
}

export interface LedgerReport {
  entity: string;
  dryRun: boolean;
  rows: number;
  problems: LedgerProblem[];
  created: Record<string, number>;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export const registerApi = {
  search: (q: string, limit = 10) => http.get<SearchResult>('/api/register/search', { q, limit }),

  persons: (query: PersonQuery) => http.get<Page<Person>>('/api/register/persons', { ...query }),
  person: (personId: Id) => http.get<Person>(`/api/register/persons/${id(personId)}`),
  /** Errors (INVALID_DOCUMENT, DUPLICATE_PERSON …) are shown next to the form. */
  createPerson: (body: NewPerson) => http.post<Person>('/api/register/persons', body, { quiet: true }),
  /** 注销: 409 HEAD_HAS_MEMBERS for a head with members; shown in the dialog. */
  deregisterPerson: (personId: Id, reason: string, note?: string) =>
    http.post<Person>(`/api/register/persons/${id(personId)}/deregister`, { reason, note }, { quiet: true }),
  updatePerson: (personId: Id, body: PersonPatch) => http.patch<Person>(`/api/register/persons/${id(personId)}`, body),
  verifyPerson: (personId: Id) => http.post<Person>(`/api/register/persons/${id(personId)}/verify`),
  /** Audited: the reason is kept with who saw whose number. */
  revealPerson: (personId: Id, fields: ('documentNumber' | 'phone')[], reason: string) =>
    http.post<{ documentNumber?: string; phone?: string | null }>(`/api/register/persons/${id(personId)}/reveal`, { fields, reason }),
  setTag: (personId: Id, key: string, body: { managementLevel?: string; since?: string; note?: string }) =>
    http.put<Person>(`/api/register/persons/${id(personId)}/tags/${encodeURIComponent(key)}`, body),
  removeTag: (personId: Id, key: string) => http.delete<Person>(`/api/register/persons/${id(personId)}/tags/${encodeURIComponent(key)}`),
  tags: () => http.get<TagCatalogue>('/api/register/tags'),
  createTag: (body: NewTag) => http.post<TagDefinition>('/api/register/tags', body, { quiet: true }),
  updateTag: (key: string, body: TagPatch) => http.patch<TagDefinition>(`/api/register/tags/${encodeURIComponent(key)}`, body, { quiet: true }),

  household: (householdId: Id) => http.get<Household>(`/api/register/households/${id(householdId)}`),
  verifyHousehold: (householdId: Id) => http.post<Household>(`/api/register/households/${id(householdId)}/verify`),
  households: (query: { orgUnitId?: Id; dwellingId?: Id; page?: number; pageSize?: number }) =>
    http.get<Page<HouseholdSummary>>('/api/register/households', { ...query }),
  createHousehold: (body: { orgUnitId?: Id; dwellingId?: Id; householdNo?: string; kind?: string; notes?: string }) =>
    http.post<Household>('/api/register/households', body, { quiet: true }),
  addMember: (householdId: Id, personId: Id, relation: string) =>
    http.post<Household>(`/api/register/households/${id(householdId)}/members`, { personId, relation }, { quiet: true }),
  removeMember: (householdId: Id, personId: Id) => http.delete<Household>(`/api/register/households/${id(householdId)}/members/${id(personId)}`),
  setHead: (householdId: Id, personId: Id) => http.post<Household>(`/api/register/households/${id(householdId)}/head`, { personId }),
  /** dwellingId null: the household no longer lives in a registered dwelling. */
  moveHousehold: (householdId: Id, dwellingId: Id | null) =>
    http.post<Household>(`/api/register/households/${id(householdId)}/move`, { dwellingId }, { quiet: true }),
  /** 一户一卡: a print-ready page the browser opens itself. */
  householdCardUrl: (householdId: Id) => `/api/register/households/${id(householdId)}/card`,

  dwellings: (query: DwellingQuery) => http.get<Page<Dwelling>>('/api/register/dwellings', { ...query }),
  dwelling: (dwellingId: Id) => http.get<DwellingDetail>(`/api/register/dwellings/${id(dwellingId)}`),
  createDwelling: (body: NewDwelling) => http.post<Dwelling>('/api/register/dwellings', body, { quiet: true }),
  /** 整栋登记: units × floors × rooms per floor; rooms already there are skipped. */
  createRooms: (buildingId: Id, body: { units: number; floors: number; roomsPerFloor: number; use?: string }) =>
    http.post<{ created: number; skipped: number }>(`/api/register/buildings/${id(buildingId)}/dwellings`, body, { quiet: true }),
  updateDwelling: (dwellingId: Id, body: DwellingPatch) => http.patch<DwellingDetail>(`/api/register/dwellings/${id(dwellingId)}`, body, { quiet: true }),
  verifyDwelling: (dwellingId: Id) => http.post<DwellingDetail>(`/api/register/dwellings/${id(dwellingId)}/verify`),

  rentals: (query: { orgUnitId?: Id; status?: string; expiring?: boolean; page?: number; pageSize?: number }) =>
    http.get<Page<RentalSummary>>('/api/register/rentals', { ...query }),
  rental: (rentalId: Id) => http.get<Rental>(`/api/register/rentals/${id(rentalId)}`),
  createRental: (body: NewRental) => http.post<Rental>('/api/register/rentals', body, { quiet: true }),
  addTenant: (rentalId: Id, body: NewTenant) => http.post<Rental>(`/api/register/rentals/${id(rentalId)}/tenants`, body, { quiet: true }),
  endRental: (rentalId: Id, endDate: string) => http.post<Rental>(`/api/register/rentals/${id(rentalId)}/end`, { endDate }),

  places: (query: PlaceQuery) => http.get<Page<Place>>('/api/register/places', { ...query }),
  place: (placeId: Id) => http.get<Place>(`/api/register/places/${id(placeId)}`),
  createPlace: (body: PlaceInput) => http.post<Place>('/api/register/places', body, { quiet: true }),
  updatePlace: (placeId: Id, body: PlaceInput) => http.patch<Place>(`/api/register/places/${id(placeId)}`, body, { quiet: true }),
  verifyPlace: (placeId: Id) => http.post<Place>(`/api/register/places/${id(placeId)}/verify`),
  retirePlace: (placeId: Id, reason: string) => http.post<Place>(`/api/register/places/${id(placeId)}/retire`, { reason }),
  /** Audited: the contact phone in full. */
  revealPlace: (placeId: Id, reason: string) => http.post<{ contactPhone: string | null }>(`/api/register/places/${id(placeId)}/reveal`, { reason }),

  components: (query: ComponentQuery) => http.get<Page<CityComponent>>('/api/register/components', { ...query }),
  createComponent: (body: NewComponent) => http.post<CityComponent>('/api/register/components', body, { quiet: true }),
  updateComponent: (componentId: Id, body: { condition?: string; name?: string | null; notes?: string | null }) =>
    http.patch<CityComponent>(`/api/register/components/${id(componentId)}`, body),
  verifyComponent: (componentId: Id) => http.post<CityComponent>(`/api/register/components/${id(componentId)}/verify`),
  componentCategories: () => http.get<ComponentCategories>('/api/register/component-categories'),

  visits: (query: { householdId?: Id; orgUnitId?: Id; mine?: boolean; page?: number; pageSize?: number }) =>
    http.get<Page<Visit>>('/api/register/visits', { ...query }),
  /** Errors (VISIT_IN_FUTURE …) are shown in the visit dialog. */
  logVisit: (body: NewVisit) => http.post<Visit>('/api/register/visits', body, { quiet: true }),
  reminders: (query: { orgUnitId?: Id; householdId?: Id; status?: 'open' | 'closed'; page?: number; pageSize?: number }) =>
    http.get<Page<Reminder>>('/api/register/visit-reminders', { ...query }),
  addReminder: (body: NewReminder) => http.post<Reminder>('/api/register/visit-reminders', body),
  cancelReminder: (reminderId: Id, reason: string) => http.post<Reminder>(`/api/register/visit-reminders/${id(reminderId)}/cancel`, { reason }),
  overdue: (query: { orgUnitId: Id; days?: number; page?: number; pageSize?: number }) =>
    http.get<OverdueReport>('/api/register/visits/overdue', { ...query }),
  residenceExpiring: (query: { orgUnitId: Id; days?: number; page?: number; pageSize?: number }) =>
    http.get<Page<ResidenceExpiring>>('/api/register/residence-expiring', { ...query }),

  coverage: (query: { orgUnitId: Id; staleMonths?: number; page?: number; pageSize?: number }) =>
    http.get<CoverageReport>('/api/register/coverage', { ...query }),
  coverageItems: (query: { orgUnitId: Id; rule: string; staleMonths?: number; page?: number; pageSize?: number }) =>
    http.get<Page<CoverageItem>>('/api/register/coverage/items', { ...query }),

  templateUrl: (entity: LedgerEntity) => `/api/register/ledgers/${entity}/template`,
  exportUrl: (entity: LedgerEntity, query: Query) => withQuery(`/api/register/ledgers/${entity}/export`, query),
  /** Dry run by default; `dryRun: false` imports all rows or none. */
  importLedger: (entity: LedgerEntity, rootId: Id, file: Blob, dryRun: boolean) =>
    http.postRaw<LedgerReport>(`/api/register/ledgers/${entity}/import`, file, XLSX, { query: { rootId, dryRun }, quiet: true }),
};
