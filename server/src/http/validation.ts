// Input validation: bodies are checked strictly (no type coercion, unknown fields refused);
// query strings and path params are coerced, since everything in a URL arrives as text.
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const options: Options = {
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  };
  return addFormats(new Ajv(options));
}

export function installValidation(app: FastifyInstance): void {
  const bodyAjv = makeAjv(false);
  const urlAjv = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? bodyAjv.compile(schema) : urlAjv.compile(schema),
  );
}
