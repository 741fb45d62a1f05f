// Column types and helpers shared by every module's tables (see server/src/modules/*/tables.ts).
import { customType, timestamp } from 'drizzle-orm/pg-core';

/** Postgres ltree: the materialised path of a territory node, labels are node ids ('1.5.23'). */
export const ltree = customType<{ data: string }>({
  dataType: () => 'ltree',
});

/** Raw bytes (photos). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
