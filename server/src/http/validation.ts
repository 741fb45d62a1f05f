// Input validation: bodies are checked strictly (no type coercion, unknown fields refused);
// query strings and path params are coerced, since everything in a URL arrives as text.
// Every string of every part (body, query, params, headers) must also be storable as typed
// (core/src/text-rules.ts: no NUL, no lone surrogate, no bidi control) — a rule for the whole
// request, so a new endpoint is covered without a schema of its own saying so. Schemas mark text
// that must show something with `x-visible` (the `Text()` piece of ./schemas.ts).
import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { hasVisibleText, textProblem } from '../../../core/src/text-rules.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The keyword of a refused string, read by the error handler for its message. */
export const TEXT_KEYWORD = 'x-storable';
export const VISIBLE_KEYWORD = 'x-visible';

function makeAjv(coerce: boolean): Ajv {
  const options: Options = {
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  };
  const ajv = addFormats(new Ajv(options));
  ajv.addKeyword({
    keyword: VISIBLE_KEYWORD,
    type: 'string',
    schemaType: 'boolean',
    errors: false,
    validate: (wanted: boolean, data: string) => !wanted || hasVisibleText(data),
  });
  return ajv;
}

type Problem = NonNullable<ReturnType<typeof textProblem>>;

/** The first string in a parsed value that cannot be stored, with its JSON pointer. */
export function findUnstorableText(value: unknown, path = '', depth = 0): { path: string; problem: Problem } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path, problem } : null;
  }
  // Deeper than any schema goes; the schema refuses such nesting anyway.
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const keyProblem = textProblem(k);
    if (keyProblem) return { path: `${path}/${k}`, problem: keyProblem };
    const found = findUnstorableText(v, `${path}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`, depth + 1);
    if (found) return found;
  }
  return null;
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The schema's validator, after the storable-text rule for the whole part. */
function withStorableText(validate: Validate): Validate {
  const checked: Validate = (data) => {
    const bad = findUnstorableText(data);
    if (bad) {
      checked.errors = [{ keyword: TEXT_KEYWORD, instancePath: bad.path, schemaPath: '#', params: { problem: bad.problem }, message: `contains ${bad.problem}` }];
      return false;
    }
    const ok = validate(data);
    checked.errors = validate.errors ?? null;
    return ok;
  };
  return checked;
}

export function installValidation(app: FastifyInstance): void {
  const bodyAjv = makeAjv(false);
  const urlAjv = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    withStorableText((httpPart === 'body' ? bodyAjv : urlAjv).compile(schema) as Validate),
  );
}
