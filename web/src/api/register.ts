// The register (人、地、事、物、组织): persons, households, dwellings, places, components, visits,
// coverage and Excel ledgers (docs/api.md, "Register"). ID and phone numbers arrive masked.
import { http, type Query } from './http';
import type * as H from '@server-schema/housing';
import type * as L from '@server-schema/ledger';
import type * as P from '@server-schema/places';
import type * as R from '@server-schema/register';
import type * as V from '@server-schema/visits';
import type { Id, Page } from './types';
import type { Filters, Wire } from './wire';

const id = (value: Id) => encodeURIComponent(String(value));

export type PersonTag = Wire<typeof R.PersonTag>;

export type PersonHousehold = NonNullable<Person['households']>[number];

export type Person = Wire<typeof R.Person>;

/** A new person: in a grid (orgUnitId) or in a dwelling (its grid follows). */
export type NewPerson = Wire<typeof R.CreatePersonBody>;
export type DocumentType = NewPerson['documentType'];
export type ResidenceStatus = NonNullable<NewPerson['residenceStatus']>;
export type Education = NonNullable<NewPerson['education']>;
export type ManagementLevel = NonNullable<NonNullable<NewPerson['tags']>[number]['managementLevel']>;

/** Fields a PATCH may change; null clears an optional one. */
export type PersonPatch = Wire<typeof R.UpdatePersonBody>;

export type PersonQuery = Filters<Wire<typeof R.ListQuery>>;
/** Why a person leaves the register (注销). */
export type DeregisterReason = Wire<typeof R.DeregisterBody>['reason'];

export type TagDefinition = Wire<typeof R.TagDefinition>;

export type NewTag = Wire<typeof R.CreateTagBody>;
export type TagGroupKey = NewTag['group'];

export type TagPatch = Wire<typeof R.UpdateTagBody>;

export type Label = TagCatalogue['groups'][number];

export type TagCatalogue = Wire<typeof R.TagCatalogue>;

/** The one search box: each section lists at most `limit` hits and says whether there are more. */
export type SearchResult = Wire<typeof R.SearchResult>;
export type HouseholdHit = Wire<typeof R.HouseholdHit>;
export type DwellingHit = Wire<typeof R.DwellingHit>;
export type PlaceHit = Wire<typeof R.PlaceHit>;

export type VisibleTag = HouseholdMember['tags'][number];

export type HouseholdMember = Household['members'][number];

export type Household = Wire<typeof H.Household>;

export type Dwelling = Wire<typeof H.Dwelling>;

export type RentalSummary = Wire<typeof H.RentalSummary>;

export type Tenant = Rental['tenants'][number];

export type Rental = Wire<typeof H.Rental>;

export type NewRental = Wire<typeof H.CreateRentalBody>;
export type RentalPurpose = NonNullable<NewRental['purpose']>;

export type NewTenant = Wire<typeof H.AddTenantBody>;

export type NewDwelling = Wire<typeof H.CreateDwellingBody>;
export type DwellingUse = NonNullable<NewDwelling['use']>;
export type Occupancy = NonNullable<NewDwelling['occupancy']>;

export type DwellingPatch = Wire<typeof H.UpdateDwellingBody>;

export type HouseholdSummary = DwellingDetail['households'][number];

export type DwellingDetail = Wire<typeof H.DwellingDetail>;

export type DwellingQuery = Filters<Wire<typeof H.DwellingListQuery>>;

export type HouseholdKind = NonNullable<Wire<typeof H.CreateHouseholdBody>['kind']>;
/** A member's relation to the head: self (户主), spouse, child … */
export type HouseholdRelation = Wire<typeof H.AddMemberBody>['relation'];
export type RentalStatus = NonNullable<Wire<typeof H.RentalListQuery>['status']>;

export type Place = Wire<typeof P.Place>;

export type NewPlace = Wire<typeof P.CreatePlaceBody>;
/** A place's fields as the form collects them (a change, or a new place's fields and where it is: a grid, a building or a point). */
export type PlaceInput = Wire<typeof P.UpdatePlaceBody> & Pick<NewPlace, 'orgUnitId' | 'buildingId' | 'lng' | 'lat'>;
export type PlaceKind = NewPlace['kind'];

export type PlaceQuery = Filters<Wire<typeof P.PlaceListQuery>>;

export type CityComponent = Wire<typeof P.Component>;

export type NewComponent = Wire<typeof P.CreateComponentBody>;
export type ComponentCondition = NonNullable<NewComponent['condition']>;

export type ComponentQuery = Filters<Wire<typeof P.ComponentListQuery>>;

export type ComponentCategories = Wire<typeof P.ComponentCategories>;

export type Visit = Wire<typeof V.Visit>;

export type NewVisit = Wire<typeof V.CreateVisitBody>;
export type VisitKind = NewVisit['kind'];

export type Reminder = Wire<typeof V.Reminder>;

export type NewReminder = Wire<typeof V.CreateReminderBody>;
export type ReminderReason = NewReminder['reason'];

export type OverdueReport = Wire<typeof V.OverdueReport>;

export type ResidenceExpiring = Wire<typeof V.ResidenceList>['items'][number];

export type CoverageCounts = CoverageReport['totals'];

export type CoverageRow = CoverageReport['levels'][number];

export type CoverageReport = Wire<typeof V.CoverageReport>;

export type CoverageItem = Wire<typeof V.CoverageItems>['items'][number];
export type CoverageRule = Wire<typeof V.CoverageItemsQuery>['rule'];

export type LedgerEntity = Wire<typeof L.EntityParams>['entity'];
/** The check of a file (dry run), or what its import wrote: all rows or none. */
export type LedgerReport = Wire<typeof L.ImportReport>;
export type LedgerProblem = LedgerReport['problems'][number];

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
  search: (q: string, limit = 10) => http.get<SearchResult>('/api/register/search', { q, limit } satisfies Wire<typeof R.SearchQuery>),

  persons: (query: PersonQuery) => http.get<Page<Person>>('/api/register/persons', { ...query }),
  person: (personId: Id) => http.get<Person>(`/api/register/persons/${id(personId)}`),
  /** Errors (INVALID_DOCUMENT, DUPLICATE_PERSON …) are shown next to the form. */
  createPerson: (body: NewPerson) => http.post<Person>('/api/register/persons', body, { quiet: true }),
  /** 注销: 409 HEAD_HAS_MEMBERS for a head with members; shown in the dialog. */
  deregisterPerson: (personId: Id, reason: DeregisterReason, note?: string) =>
    http.post<Person>(`/api/register/persons/${id(personId)}/deregister`, { reason, note } satisfies Wire<typeof R.DeregisterBody>, { quiet: true }),
  updatePerson: (personId: Id, body: PersonPatch) => http.patch<Person>(`/api/register/persons/${id(personId)}`, body),
  verifyPerson: (personId: Id) => http.post<Person>(`/api/register/persons/${id(personId)}/verify`),
  /** Audited: the reason is kept with who saw whose number. */
  revealPerson: (personId: Id, fields: ('documentNumber' | 'phone')[], reason: string) =>
    http.post<Wire<typeof R.Revealed>>(`/api/register/persons/${id(personId)}/reveal`, { fields, reason } satisfies Wire<typeof R.RevealBody>),
  setTag: (personId: Id, key: string, body: Wire<typeof R.SetTagBody>) =>
    http.put<Person>(`/api/register/persons/${id(personId)}/tags/${encodeURIComponent(key)}`, body),
  removeTag: (personId: Id, key: string) => http.delete<Person>(`/api/register/persons/${id(personId)}/tags/${encodeURIComponent(key)}`),
  tags: () => http.get<TagCatalogue>('/api/register/tags'),
  createTag: (body: NewTag) => http.post<TagDefinition>('/api/register/tags', body, { quiet: true }),
  updateTag: (key: string, body: TagPatch) => http.patch<TagDefinition>(`/api/register/tags/${encodeURIComponent(key)}`, body, { quiet: true }),

  household: (householdId: Id) => http.get<Household>(`/api/register/households/${id(householdId)}`),
  verifyHousehold: (householdId: Id) => http.post<Household>(`/api/register/households/${id(householdId)}/verify`),
  households: (query: Wire<typeof H.HouseholdListQuery>) =>
    http.get<Page<HouseholdSummary>>('/api/register/households', { ...query }),
  createHousehold: (body: Wire<typeof H.CreateHouseholdBody>) =>
    http.post<Household>('/api/register/households', body, { quiet: true }),
  addMember: (householdId: Id, personId: Id, relation: HouseholdRelation) =>
    http.post<Household>(`/api/register/households/${id(householdId)}/members`, { personId, relation } satisfies Wire<typeof H.AddMemberBody>, { quiet: true }),
  removeMember: (householdId: Id, personId: Id) => http.delete<Household>(`/api/register/households/${id(householdId)}/members/${id(personId)}`),
  setHead: (householdId: Id, personId: Id) => http.post<Household>(`/api/register/households/${id(householdId)}/head`, { personId } satisfies Wire<typeof H.SetHeadBody>),
  /** dwellingId null: the household no longer lives in a registered dwelling. */
  moveHousehold: (householdId: Id, dwellingId: Id | null) =>
    http.post<Household>(`/api/register/households/${id(householdId)}/move`, { dwellingId } satisfies Wire<typeof H.MoveHouseholdBody>, { quiet: true }),
  /** 一户一卡: a print-ready page the browser opens itself. */
  householdCardUrl: (householdId: Id) => `/api/register/households/${id(householdId)}/card`,

  dwellings: (query: DwellingQuery) => http.get<Page<Dwelling>>('/api/register/dwellings', { ...query }),
  dwelling: (dwellingId: Id) => http.get<DwellingDetail>(`/api/register/dwellings/${id(dwellingId)}`),
  createDwelling: (body: NewDwelling) => http.post<Dwelling>('/api/register/dwellings', body, { quiet: true }),
  /** 整栋登记: units × floors × rooms per floor; rooms already there are skipped. */
  createRooms: (buildingId: Id, body: Wire<typeof H.BulkRoomsBody>) =>
    http.post<Wire<typeof H.BulkRoomsResult>>(`/api/register/buildings/${id(buildingId)}/dwellings`, body, { quiet: true }),
  /** Answers the dwelling without its households and let (those are in DwellingDetail). */
  updateDwelling: (dwellingId: Id, body: DwellingPatch) => http.patch<Dwelling>(`/api/register/dwellings/${id(dwellingId)}`, body, { quiet: true }),
  verifyDwelling: (dwellingId: Id) => http.post<Dwelling>(`/api/register/dwellings/${id(dwellingId)}/verify`),

  rentals: (query: Wire<typeof H.RentalListQuery>) =>
    http.get<Page<RentalSummary>>('/api/register/rentals', { ...query }),
  rental: (rentalId: Id) => http.get<Rental>(`/api/register/rentals/${id(rentalId)}`),
  createRental: (body: NewRental) => http.post<Rental>('/api/register/rentals', body, { quiet: true }),
  addTenant: (rentalId: Id, body: NewTenant) => http.post<Rental>(`/api/register/rentals/${id(rentalId)}/tenants`, body, { quiet: true }),
  endRental: (rentalId: Id, endDate: string) => http.post<Rental>(`/api/register/rentals/${id(rentalId)}/end`, { endDate } satisfies Wire<typeof H.EndRentalBody>),

  places: (query: PlaceQuery) => http.get<Page<Place>>('/api/register/places', { ...query }),
  place: (placeId: Id) => http.get<Place>(`/api/register/places/${id(placeId)}`),
  createPlace: (body: NewPlace) => http.post<Place>('/api/register/places', body, { quiet: true }),
  updatePlace: (placeId: Id, body: PlaceInput) => http.patch<Place>(`/api/register/places/${id(placeId)}`, body, { quiet: true }),
  verifyPlace: (placeId: Id) => http.post<Place>(`/api/register/places/${id(placeId)}/verify`),
  retirePlace: (placeId: Id, reason: string) => http.post<Place>(`/api/register/places/${id(placeId)}/retire`, { reason } satisfies Wire<typeof P.RetireBody>),
  /** Audited: the contact phone in full. */
  revealPlace: (placeId: Id, reason: string) => http.post<Wire<typeof P.RevealedPlace>>(`/api/register/places/${id(placeId)}/reveal`, { reason } satisfies Wire<typeof P.RevealBody>),

  components: (query: ComponentQuery) => http.get<Page<CityComponent>>('/api/register/components', { ...query }),
  createComponent: (body: NewComponent) => http.post<CityComponent>('/api/register/components', body, { quiet: true }),
  updateComponent: (componentId: Id, body: Wire<typeof P.UpdateComponentBody>) =>
    http.patch<CityComponent>(`/api/register/components/${id(componentId)}`, body),
  verifyComponent: (componentId: Id) => http.post<CityComponent>(`/api/register/components/${id(componentId)}/verify`),
  componentCategories: () => http.get<ComponentCategories>('/api/register/component-categories'),

  visits: (query: Wire<typeof V.VisitListQuery>) =>
    http.get<Page<Visit>>('/api/register/visits', { ...query }),
  /** Errors (VISIT_IN_FUTURE …) are shown in the visit dialog. */
  logVisit: (body: NewVisit) => http.post<Visit>('/api/register/visits', body, { quiet: true }),
  reminders: (query: Wire<typeof V.ReminderListQuery>) =>
    http.get<Page<Reminder>>('/api/register/visit-reminders', { ...query }),
  addReminder: (body: NewReminder) => http.post<Reminder>('/api/register/visit-reminders', body),
  cancelReminder: (reminderId: Id, reason: string) => http.post<Reminder>(`/api/register/visit-reminders/${id(reminderId)}/cancel`, { reason } satisfies Wire<typeof V.CancelReminderBody>),
  overdue: (query: Wire<typeof V.OverdueQuery>) =>
    http.get<OverdueReport>('/api/register/visits/overdue', { ...query }),
  residenceExpiring: (query: Wire<typeof V.ResidenceQuery>) =>
    http.get<Page<ResidenceExpiring>>('/api/register/residence-expiring', { ...query }),

  coverage: (query: Wire<typeof V.CoverageQuery>) =>
    http.get<CoverageReport>('/api/register/coverage', { ...query }),
  coverageItems: (query: Wire<typeof V.CoverageItemsQuery>) =>
    http.get<Page<CoverageItem>>('/api/register/coverage/items', { ...query }),

  templateUrl: (entity: LedgerEntity) => `/api/register/ledgers/${entity}/template`,
  exportUrl: (entity: LedgerEntity, query: Query) => withQuery(`/api/register/ledgers/${entity}/export`, query),
  /** Dry run by default; `dryRun: false` imports all rows or none. */
  importLedger: (entity: LedgerEntity, rootId: Id, file: Blob, dryRun: boolean) =>
    http.postRaw<LedgerReport>(`/api/register/ledgers/${entity}/import`, file, XLSX, { query: { rootId, dryRun } satisfies Wire<typeof L.ImportQuery>, quiet: true }),
};
