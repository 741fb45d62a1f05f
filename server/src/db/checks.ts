// CHECK constraints built from the closed lists in core/ (and the few server-side lists), so the
// database refuses a value the code would never write and a change of a list shows up as a migration.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

const literals = (values: readonly string[]) => {
  if (values.length === 0) throw new Error('a CHECK list needs at least one value');
  return sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', '));
};

/** `column in ('a', 'b', …)`; NULL passes (nullable columns say so with their own NOT NULL). */
export const oneOf = (column: AnyPgColumn, values: readonly string[]): SQL => sql`${column} in (${literals(values)})`;

/** Every element of a text[] column is one of the values. */
export const eachOf = (column: AnyPgColumn, values: readonly string[]): SQL => sql`${column} <@ array[${literals(values)}]::text[]`;

export const keysOf = <T extends { key: string }>(list: readonly T[]): string[] => list.map((item) => item.key);
