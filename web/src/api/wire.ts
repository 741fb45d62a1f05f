// Types of the HTTP API, derived from the server's TypeBox schemas (server/src/modules/*/schema.ts)
// so that the console and the server cannot drift apart: when a schema changes, `npm run typecheck`
// fails wherever the console relies on the old shape. Imports of server code here are type-only
// and erased at build time.
import type { Static, TSchema } from 'typebox';

/** What JSON makes of a server value: Dates arrive as ISO 8601 strings; tuples stay tuples ([lng, lat]). */
export type Json<T> = T extends Date
  ? string
  : T extends readonly unknown[]
    ? { -readonly [K in keyof T]: Json<T[K]> }
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** The type of a JSON body that the schema S validates or describes. */
export type Wire<S extends TSchema> = Json<Static<S>>;

/**
 * A server shape with some fields stated more precisely than the schema does (e.g. a role key
 * where the schema says string). Each refined field must exist on the server shape and fit its type,
 * so a renamed or retyped field still fails the type check.
 */
export type Refine<T, R extends { [K in keyof R]: K extends keyof T ? T[K] : never }> = Omit<T, keyof R> & R;

/** A query as a filter form holds it: any field may also be '' (http.ts leaves empty values out of the URL). */
export type Filters<Q> = { [K in keyof Q]?: Q[K] | '' };
