// The register (人、地、事、物、组织): persons, households, dwellings, places, components, visits,
// coverage and Excel ledgers (docs/api.md, "Register"). ID and phone numbers arrive masked.
import { currentLocale } from '@/i18n';
import { ApiError, http, type Query } from './http';
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
  derived: boolean;
  status: string;
  sortOrder: number;
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
  landlordName: string;
  landlordPhone: string | null;
  rooms: number | null;
  purpose: string;
  startDate: string;
  endDate: string | null;
  status: string;
  tenantCount: number;
}

export interface DwellingDetail extends Dwelling {
  households: { id: Id; householdNo: string | null; kind: string; headName: string | null; memberCount: number; verifiedAt: string | null }[];
  rental: RentalSummary | null;
}

export interface DwellingQuery {
  orgUnitId?: Id;
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
  creditCode: string | null;
  industry: string | null;
  legalRepresentative: string | null;
  contactName: string | null;
  contactPhone: string | null;
  employees: number | null;
  status: string;
  verifiedAt: string | null;
  abilities: { update: boolean; retire: boolean; verify: boolean; reveal: boolean };
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
  verifiedAt: string | null;
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

/** The double-submit CSRF token; the server also sets it as the readable cookie cg_csrf. */
function csrfFromCookie(): string {
  const match = /(?:^|;\s*)cg_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]!) : '';
}

/** Sends a spreadsheet file as the raw request body (the http helper only sends JSON). */
async function postFile<T>(url: string, file: Blob): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': currentLocale() === 'en' ? 'en' : 'zh-CN',
        'Content-Type': XLSX,
        'X-CSRF-Token': csrfFromCookie(),
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
  if (!res.ok) throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? `HTTP ${res.status}`, body?.error?.details);
  return body as T;
}

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
  updatePerson: (personId: Id, body: PersonPatch) => http.patch<Person>(`/api/register/persons/${id(personId)}`, body),
  verifyPerson: (personId: Id) => http.post<Person>(`/api/register/persons/${id(personId)}/verify`),
  /** Audited: the reason is kept with who saw whose number. */
  revealPerson: (personId: Id, fields: ('documentNumber' | 'phone')[], reason: string) =>
    http.post<{ documentNumber?: string; phone?: string | null }>(`/api/register/persons/${id(personId)}/reveal`, { fields, reason }),
  setTag: (personId: Id, key: string, body: { managementLevel?: string; since?: string; note?: string }) =>
    http.put<Person>(`/api/register/persons/${id(personId)}/tags/${encodeURIComponent(key)}`, body),
  removeTag: (personId: Id, key: string) => http.delete<Person>(`/api/register/persons/${id(personId)}/tags/${encodeURIComponent(key)}`),
  tags: () => http.get<TagCatalogue>('/api/register/tags'),

  household: (householdId: Id) => http.get<Household>(`/api/register/households/${id(householdId)}`),
  verifyHousehold: (householdId: Id) => http.post<Household>(`/api/register/households/${id(householdId)}/verify`),
  /** 一户一卡: a print-ready page the browser opens itself. */
  householdCardUrl: (householdId: Id) => `/api/register/households/${id(householdId)}/card`,

  dwellings: (query: DwellingQuery) => http.get<Page<Dwelling>>('/api/register/dwellings', { ...query }),
  dwelling: (dwellingId: Id) => http.get<DwellingDetail>(`/api/register/dwellings/${id(dwellingId)}`),

  places: (query: PlaceQuery) => http.get<Page<Place>>('/api/register/places', { ...query }),
  components: (query: ComponentQuery) => http.get<Page<CityComponent>>('/api/register/components', { ...query }),
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
    postFile<LedgerReport>(withQuery(`/api/register/ledgers/${entity}/import`, { rootId, dryRun }), file),
};
