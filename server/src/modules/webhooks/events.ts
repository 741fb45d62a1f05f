// Events outside systems can subscribe to; '*' in a webhook's events means all of them. Kept apart
// from the outbox so that the schema (and the console's types derived from it) need no database code.
export const WEBHOOK_EVENTS = ['case.reported', 'case.changed', 'case.closed', 'case.warning', 'case.overdue'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
