// Deployment settings: small JSON values by key (site name, base map, key ids, revisions).
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { settings } from './schema.js';

export async function getSetting<T>(db: DbOrTx, key: string): Promise<T | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return (row?.value as T | undefined) ?? null;
}

export async function putSetting(db: DbOrTx, key: string, value: unknown) {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
}
