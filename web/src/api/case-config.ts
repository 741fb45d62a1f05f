// Case configuration (case.configure): categories with their time limits, routing rules, handling
// units, the working calendar and office hours (server/src/modules/case-config/schema.ts), and the
// webhooks outside systems subscribe with (server/src/modules/webhooks/).
import { http, request } from './http';
import type { Id, Items, Page } from './types';

const enc = (value: Id | string) => encodeURIComponent(String(value));

export type Priority = 'normal' | 'urgent' | 'critical';
export type StepKey = 'respond' | 'dispatch' | 'accept' | 'handle' | 'verify';
export type LimitUnit = 'working_hours' | 'working_days' | 'natural_hours' | 'natural_days';
export type CategoryKind = 'component' | 'matter' | 'social';

export interface TimeLimit {
  amount: number;
  unit: LimitUnit;
}
export type StepLimits = Record<StepKey, TimeLimit>;

/** What a case may be dispatched to: a department, or a street / community / grid team. */
export interface HandlingUnit {
  type: 'department' | 'org_unit';
  id: Id;
  /** 'department:3' | 'org_unit:12'. */
  key: string;
  name: string;
  /** The department kind, or the territory level key (street, community, grid). */
  kind: string;
  path: string;
}
export interface UnitRef {
  type: 'department' | 'org_unit';
  id: Id;
}

export interface CategorySetting {
  key: string;
  kind: CategoryKind;
  code: string;
  classCode: string;
  name: string;
  enabled: boolean;
  priority: Priority;
  unit: HandlingUnit | null;
  limits: Record<Priority, StepLimits>;
  /** The limits without the deployment's changes (the seed's 2 h / 24 h / 72 h rule). */
  defaults: Record<Priority, StepLimits>;
  customised: { enabled: boolean; priority: boolean; unit: boolean; limits: Record<Priority, StepKey[]> };
}

export interface CategoryUpdate {
  enabled?: boolean;
  priority?: Priority;
  unit?: UnitRef | null;
  /** Limits to change per priority and step; null resets every limit to the default. */
  limits?: Partial<Record<Priority, Partial<StepLimits>>> | null;
}

export interface RoutingRule {
  id: Id;
  /** null: every category. */
  categoryKey: string | null;
  categoryName: string | null;
  orgUnitId: Id;
  orgUnitName: string;
  orgUnitPath: string;
  unit: HandlingUnit | null;
  note: string | null;
  status: 'active' | 'retired';
  createdAt: string;
  updatedAt: string;
}

export interface RoutingRuleInput {
  categoryKey: string | null;
  orgUnitId: Id;
  unit: UnitRef;
  note?: string | null;
}

export interface Proposal {
  unit: HandlingUnit | null;
  /** 'rule' (a routing rule) | 'category' (the category's default unit) | null (none). */
  reason: 'rule' | 'category' | null;
}

export interface CalendarDay {
  date: string;
  name: string;
  /** provisional: computed from the statutory rule (暂定), until the year is imported or confirmed. */
  source: 'builtin' | 'custom' | 'provisional';
}
export interface OfficeInterval {
  start: string;
  end: string;
}
export interface CalendarYear {
  year: number;
  /** false: no holidays are known for the year; they have to be imported. */
  covered: boolean;
  /** official: published; provisional: computed from the statutory rule (暂定); none: Monday–Friday only. */
  status: 'official' | 'provisional' | 'none';
  holidays: CalendarDay[];
  /** Make-up workdays (调休上班). */
  workdays: CalendarDay[];
  officeHours: OfficeInterval[];
}

export interface CalendarImportResult {
  dryRun: boolean;
  years: number[];
  holidays: number;
  workdays: number;
  recomputed: number;
}

/** The provisional days among the next windowDays (GET /api/case-config/calendar/outlook, also in /health). */
export interface CalendarOutlook {
  windowDays: number;
  provisionalFrom: string | null;
  provisionalDays: number;
  holidays: { date: string; name: string }[];
  years: number[];
}

/** One problem of a calendar import (the 400 answer's details.problems). */
export interface CalendarProblem {
  code: string;
  zh: string;
  en: string;
  date?: string;
  line?: number;
}

export const WEBHOOK_EVENTS = ['case.reported', 'case.changed', 'case.closed', 'case.warning', 'case.overdue'] as const;

export interface Webhook {
  id: Id;
  name: string;
  url: string;
  /** Subscribed events, or ['*'] for all. */
  events: string[];
  active: boolean;
  /** Deliveries waiting to be sent. */
  pending: number;
  /** Deliveries given up after the last attempt. */
  failed: number;
  createdAt: string;
  updatedAt: string;
}
export interface WebhookInput {
  name: string;
  url: string;
  events: string[];
  active: boolean;
}
/** The answer of create and rotate-secret: the signing secret, shown this once. */
export type WebhookWithSecret = Webhook & { secret: string };

export interface WebhookDelivery {
  id: Id;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export const caseConfigApi = {
  categories: (query: { kind?: CategoryKind; q?: string; page?: number; pageSize?: number }) =>
    http.get<Page<CategorySetting>>('/api/case-config/categories', query),
  category: (key: string) => http.get<CategorySetting>(`/api/case-config/categories/${enc(key)}`),
  /** Field problems answer 400; the drawer shows them itself. */
  updateCategory: (key: string, body: CategoryUpdate) =>
    http.put<CategorySetting & { recomputed: number }>(`/api/case-config/categories/${enc(key)}`, body, { quiet: true }),

  units: (q?: string) => http.get<Items<HandlingUnit>>('/api/case-config/units', { q }),

  routingRules: (query: { orgUnitId?: Id; categoryKey?: string; includeRetired?: boolean } = {}) =>
    http.get<Items<RoutingRule>>('/api/case-config/routing-rules', query),
  propose: (categoryKey: string, orgUnitId: Id) => http.get<Proposal>('/api/case-config/routing-rules/propose', { categoryKey, orgUnitId }),
  createRoutingRule: (body: RoutingRuleInput) => http.post<RoutingRule>('/api/case-config/routing-rules', body, { quiet: true }),
  updateRoutingRule: (id: Id, body: Partial<Omit<RoutingRuleInput, 'orgUnitId'>>) =>
    http.put<RoutingRule>(`/api/case-config/routing-rules/${enc(id)}`, body, { quiet: true }),
  retireRoutingRule: (id: Id) => http.delete<RoutingRule>(`/api/case-config/routing-rules/${enc(id)}`),

  calendar: (year: number) => http.get<CalendarYear>('/api/case-config/calendar', { year }),
  putDay: (date: string, body: { kind: 'holiday' | 'workday'; name: string }) =>
    http.put<{ date: string; kind: string; name: string; recomputed: number }>(`/api/case-config/calendar/days/${enc(date)}`, body, { quiet: true }),
  outlook: () => http.get<CalendarOutlook>('/api/case-config/calendar/outlook', undefined, { quiet: true }),
  confirmYear: (year: number) => http.post<{ year: number; holidays: number; workdays: number; recomputed: number }>('/api/case-config/calendar/confirm', { year }),
  deleteDay: (date: string) => http.delete<{ date: string; recomputed: number }>(`/api/case-config/calendar/days/${enc(date)}`),
  importCalendar: (body: { text: string; format?: 'json' | 'ics'; year?: number; dryRun?: boolean }) =>
    http.post<CalendarImportResult>('/api/case-config/calendar/import', body, { quiet: true }),
  officeHours: () => http.get<{ items: OfficeInterval[]; customised: boolean }>('/api/case-config/office-hours'),
  putOfficeHours: (items: OfficeInterval[]) =>
    http.put<{ items: OfficeInterval[]; customised: boolean; recomputed: number }>('/api/case-config/office-hours', items, { quiet: true }),

  webhooks: () => http.get<Items<Webhook>>('/api/webhooks'),
  createWebhook: (body: WebhookInput) => http.post<WebhookWithSecret>('/api/webhooks', body, { quiet: true }),
  updateWebhook: (id: Id, body: Partial<WebhookInput>) => http.put<Webhook>(`/api/webhooks/${enc(id)}`, body, { quiet: true }),
  /** 409 WEBHOOK_HAS_PENDING while deliveries wait, unless they are discarded with it. */
  deleteWebhook: (id: Id, discardPending = false) =>
    request<{ id: Id; deleted: true; deliveriesRemoved: number }>('DELETE', `/api/webhooks/${enc(id)}`, {
      query: { discardPending: discardPending || undefined },
      quiet: ['WEBHOOK_HAS_PENDING'],
    }),
  rotateSecret: (id: Id) => http.post<{ id: Id; secret: string }>(`/api/webhooks/${enc(id)}/rotate-secret`),
  testWebhook: (id: Id) => http.post<{ deliveryId: Id }>(`/api/webhooks/${enc(id)}/test`),
  deliveries: (id: Id) => http.get<Items<WebhookDelivery>>(`/api/webhooks/${enc(id)}/deliveries`),
};
