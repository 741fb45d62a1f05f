// Schema pieces shared by the modules' schema.ts files.
import Type, { type TSchema } from 'typebox';
import { NAME_PATTERN } from '../../../core/src/text-rules.js';

/** A human-typed name: letters, digits, spaces and the punctuation real names use; no markup. */
export const Name = (max = 100, description = 'name') =>
  Type.String({ minLength: 1, maxLength: max, pattern: NAME_PATTERN, description });

/**
 * Free text a person types (a description, a reason, a note): any script and punctuation but no
 * markup, and something visible — not only spaces or zero-width characters (validation.ts).
 */
export const Text = (max: number, description: string, min = 1) =>
  Type.String({ minLength: min, maxLength: max, pattern: '^[^<>]*$', 'x-visible': true, description });

/** A mainland mobile or landline number (digits, optional leading +86 and dashes). */
export const Phone = Type.String({ pattern: '^(\\+86)?[0-9][0-9-]{6,19}$', maxLength: 24, description: 'phone number' });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'record id' }) }, { additionalProperties: false });

export const Page = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1, description: 'page number, from 1' })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20, description: 'rows per page' })),
};

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'stable machine code, e.g. NOT_FOUND' }),
    message: Type.String({ description: 'message in the caller language (zh default, en)' }),
    details: Type.Optional(Type.Unknown()),
  }),
});

/** The error answers every route may give, for the OpenAPI document. */
export function withErrors<T extends Record<number, TSchema>>(ok: T) {
  return { ...ok, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
}

/** A timestamp: Date objects from the database, serialised as ISO 8601 strings. */
export const Timestamp = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/**
 * One of a list of keys (a union of literals). Its static type is the keys' union, so handlers and
 * the console's types derived from the schema (web/src/api/wire.ts) see the keys, not `never`.
 */
export const Literals = <T extends string>(keys: readonly T[], options: Record<string, unknown> = {}) =>
  Type.Unsafe<T>(Type.Union(keys.map((k) => Type.Literal(k)), Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))));
