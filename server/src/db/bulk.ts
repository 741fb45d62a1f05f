// Bulk writes for imports and generated data: rows travel as one JSON document per statement
// (json_populate_recordset), not as thousands of bind parameters, and ids are reserved from the
// identity sequence up front so related rows can refer to each other before they are written.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client.js';

/** A row keyed by column name (snake_case, as in the database). */
export type Row = Record<string, unknown>;

/** Inserts rows into a table, 5,000 per statement; `columns` lists the columns the rows fill. */
export async function insertRows(db: DbOrTx, table: string, columns: string, rows: Row[]): Promise<void> {
  const cols = sql.raw(columns);
  // ~0.6 kB of JSON per person row: 5,000 rows stay a few MB per statement.
  for (let i = 0; i < rows.length; i += 5000) {
    const json = JSON.stringify(rows.slice(i, i + 5000));
    await db.execute(sql`insert into ${sql.raw(table)} (${cols}) select ${cols} from json_populate_recordset(null::${sql.raw(table)}, ${json}::json)`);
  }
}

/** `n` fresh ids from a table's identity sequence. */
export async function nextIds(db: DbOrTx, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const result = (await db.execute(sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n})`)) as unknown as { rows: { id: number }[] };
  return result.rows.map((row) => row.id);
}
