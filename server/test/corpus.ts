// The bad-input corpus: from the app's OpenAPI document, requests to every write endpoint that
// must be refused — each one valid but for one defect (a wrong type, a missing or unknown field,
// text too long, blank, or with NUL / a lone surrogate / a bidi control, a number out of range or
// not finite, a broken geometry, a bad path or query value, malformed JSON, a wrong content type,
// deep nesting). Every schema-level defect is confirmed against the schema itself (an Ajv like
// the app's, with the storable-text and visible-text rules of core/src/text-rules.ts), so a
// request the schema would take is never sent; defects no schema can express (non-finite
// numbers, broken geometry, undecodable URLs) are refused by definition.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { hasVisibleText, textProblem } from '../../core/src/text-rules.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

// Schemas from the OpenAPI document are plain JSON.
type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Param {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: Schema;
}

export interface Endpoint {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. /api/users/{id}. */
  path: string;
  /** The JSON body's schema, when the endpoint takes one. */
  body?: Schema;
  params: Param[];
}

export interface CorpusRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** What is wrong with it, for the failure report. */
  why: string;
  /** The error code it must get, where only one answer is right (malformed JSON, a wrong content type, an unreadable path). */
  code?: string;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: Schema }> }; parameters?: Param[] }>>;
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

/** Every write endpoint of the document, in document order. */
export function writeEndpoints(doc: OpenApiDoc): Endpoint[] {
  const out: Endpoint[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of WRITE_METHODS) {
      const op = ops[method];
      if (!op) continue;
      out.push({ method: method.toUpperCase() as Endpoint['method'], path, body: op.requestBody?.content?.['application/json']?.schema, params: op.parameters ?? [] });
    }
  }
  return out;
}

// --- the oracle: would the app's validation refuse this value? ---------------------------------

function makeAjv(coerce: boolean) {
  const ajv = addFormats(new Ajv({ coerceTypes: coerce ? 'array' : false, useDefaults: true, strict: false, allErrors: false }));
  ajv.addKeyword({ keyword: 'x-visible', type: 'string', schemaType: 'boolean', errors: false, validate: (wanted: boolean, data: string) => !wanted || hasVisibleText(data) });
  return ajv;
}
const bodyAjv = makeAjv(false);
const urlAjv = makeAjv(true);
const compiled = new WeakMap<Schema, ValidateFunction>();

function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return textProblem(value) !== null;
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  return Object.entries(value).some(([k, v]) => textProblem(k) !== null || hasUnstorableText(v, depth + 1));
}

/** True when the schema (with the request-wide text rule) refuses the value. */
export function schemaRefuses(schema: Schema, value: unknown, url = false): boolean {
  if (hasUnstorableText(value)) return true;
  let validate = compiled.get(schema);
  if (!validate) {
    validate = (url ? urlAjv : bodyAjv).compile(schema);
    compiled.set(schema, validate);
  }
  // Coercion and defaults change the value: validate a copy.
  return !validate(structuredClone(value));
}

// --- valid values, from the schema ------------------------------------------------------------

const STRING_SAMPLES = ['测试名称', 'abc_key', 'abcd', '410105', '410105002012001', '13800138000', '101', 'https://example.com/hook', '2026-12-01', '12345', '12345678901234567', 'matter:01001', 'org_unit:1', '09:00', 'g1'];

function sampleString(s: Schema, index = 0): string {
  if (s.format === 'date-time') return '2026-12-01T08:00:00.000Z';
  if (s.format === 'date') return '2026-12-01';
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Infinity;
  const re = typeof s.pattern === 'string' ? new RegExp(s.pattern, 'u') : null;
  const fits = STRING_SAMPLES.filter((c) => [...c].length >= min && c.length <= max && (!re || re.test(c)) && hasVisibleText(c));
  if (fits.length) return fits[index % fits.length]! + (index >= fits.length ? String(index) : '');
  return 'a'.repeat(Math.max(min, 1));
}

function sampleNumber(s: Schema): number {
  let v = 1;
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : undefined);
  const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : undefined);
  if (lo !== undefined && v < lo) v = lo;
  if (hi !== undefined && v > hi) v = hi;
  return s.type === 'integer' ? Math.ceil(v) : v;
}

/** OpenAPI 3.0 writes the null of a nullable union as { type: 'object', nullable: true, enum: [null] }. */
const isNullBranch = (b: Schema) => b.type === 'null' || (Array.isArray(b.enum) && b.enum.length === 1 && b.enum[0] === null);

/** The first branch that is not null, through nested unions (a nullable union of literals). */
function branchOf(s: Schema): Schema {
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (branches) return branchOf(branches.find((b) => !isNullBranch(b)) ?? branches[0]!);
  if (s.allOf) return Object.assign({}, ...(s.allOf as Schema[]));
  return s;
}

/** The union's literal options, when every branch is one (TypeBox writes a union of literals so). */
function optionsOf(s: Schema): unknown[] | undefined {
  if (Array.isArray(s.enum)) return s.enum;
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (!branches) return undefined;
  const lists = branches.filter((b) => !isNullBranch(b)).map(optionsOf);
  return lists.every(Boolean) ? lists.flat() : undefined;
}

/**
 * Objects of a write body that take unknown fields without saying so (no additionalProperties):
 * such a field is silently dropped or stored. An explicit `true` or schema is a decision (GeoJSON's
 * foreign members); a missing one is an oversight.
 */
export function silentlyOpenObjects(schema: Schema, name = 'body', out: string[] = [], depth = 0): string[] {
  if (!schema || typeof schema !== 'object' || depth > 12) return out;
  if (schema.properties && schema.additionalProperties === undefined) out.push(name);
  for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) silentlyOpenObjects(child, `${name}.${key}`, out, depth + 1);
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])] as Schema[]) silentlyOpenObjects(branch, name, out, depth + 1);
  const items = schema.items as Schema | Schema[] | undefined;
  if (Array.isArray(items)) items.forEach((item, i) => silentlyOpenObjects(item, `${name}[${i}]`, out, depth + 1));
  else if (items) silentlyOpenObjects(items, `${name}[]`, out, depth + 1);
  return out;
}

function typeOf(s: Schema): string | undefined {
  const b = branchOf(s);
  if (Array.isArray(b.type)) return b.type.find((t: string) => t !== 'null');
  return b.type ?? (b.properties ? 'object' : undefined);
}

/** A value the schema takes: required properties only, the smallest arrays. */
export function sample(schema: Schema, index = 0): unknown {
  const options = optionsOf(schema);
  if (options?.length) return options[index % options.length];
  const s = branchOf(schema);
  if ('const' in s) return s.const;
  switch (typeOf(s)) {
    case 'string':
      return sampleString(s, index);
    case 'integer':
    case 'number':
      return Math.min(sampleNumber(s) + index, s.maximum ?? Infinity);
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array': {
      if (Array.isArray(s.items)) return (s.items as Schema[]).map((item) => sample(item));
      return Array.from({ length: s.minItems ?? 0 }, (_, i) => sample(s.items ?? {}, i));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sample(s.properties?.[key] ?? {});
      for (const key of Object.keys(s.properties ?? {})) {
        if (Object.keys(out).length >= (s.minProperties ?? 0)) break;
        out[key] ??= sample(s.properties[key]);
      }
      return out;
    }
    default:
      return 1;
  }
}

// --- defects ---------------------------------------------------------------------------------

/** Numbers JSON can write but JavaScript cannot hold, and deep nesting: markers replaced in the raw text. */
const HUGE = '~raw:1e999~';
const HUGE_NEGATIVE = '~raw:-1e999~';
const DEEP_MARK = '~raw:deep~';
const DEEP_ARRAY = '['.repeat(10_000) + ']'.repeat(10_000);
const DEEP_OBJECT = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
const toRaw = (value: unknown) =>
  JSON.stringify(value).replaceAll(JSON.stringify(HUGE), '1e999').replaceAll(JSON.stringify(HUGE_NEGATIVE), '-1e999').replaceAll(JSON.stringify(DEEP_MARK), DEEP_ARRAY);
/** The value the app sees after parsing the raw text. */
const parsed = (value: unknown): unknown => JSON.parse(toRaw(value));

interface Defect {
  why: string;
  value: unknown;
  /** Refused whatever the schema says (not finite, broken geometry, …). */
  always?: boolean;
}

const square = (lng: number, lat: number, d = 0.001) => [[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]];

function geometryDefects(): Defect[] {
  const unclosed = square(113.68, 34.78).slice(0, 4);
  return [
    { why: 'unclosed ring', value: { type: 'Polygon', coordinates: [unclosed] }, always: true },
    { why: 'longitude 200', value: { type: 'Polygon', coordinates: [square(200, 34.78)] }, always: true },
    { why: 'latitude 95', value: { type: 'Polygon', coordinates: [square(113.68, 95)] }, always: true },
    { why: 'ring of two points', value: { type: 'Polygon', coordinates: [[[113.68, 34.78], [113.68, 34.78]]] }, always: true },
    { why: 'coordinate 1e999', value: { type: 'Polygon', coordinates: [[[HUGE, 34.78], ...square(113.68, 34.78).slice(1)]] }, always: true },
    { why: 'coordinate "NaN"', value: { type: 'Polygon', coordinates: [[['NaN', 34.78], ...square(113.68, 34.78).slice(1)]] }, always: true },
    { why: 'coordinates nested 10,000 deep', value: { type: 'Polygon', coordinates: DEEP_MARK }, always: true },
    { why: 'unknown geometry type', value: { type: 'Circle', coordinates: [113.68, 34.78] }, always: true },
  ];
}

/** A value of a neighbouring type (a number as text, a list for an object …) and null, where the field is not nullable. */
function wrongTypes(s: Schema): unknown[] {
  const t = typeOf(s);
  if (t === 'string') return [7, null];
  if (t === 'integer' || t === 'number') return ['7', null];
  if (t === 'boolean') return ['true', null];
  if (t === 'array') return [{ a: 1 }, null];
  if (t === 'object') return [[], null];
  return ['a', null];
}

function defectsOf(schema: Schema, current: unknown, name: string): Defect[] {
  const s = branchOf(schema);
  const t = typeOf(s);
  const out: Defect[] = wrongTypes(s).map((value) => ({ why: `${name}: wrong type ${JSON.stringify(value)}`, value }));
  if (optionsOf(schema)) out.push({ why: `${name}: not one of the options`, value: 'not-an-option' });
  if (t === 'string') {
    const base = typeof current === 'string' ? current : sampleString(s);
    if (s.maxLength !== undefined) out.push({ why: `${name}: longer than ${s.maxLength}`, value: 'a'.repeat(s.maxLength + 1) });
    out.push({ why: `${name}: empty`, value: '' }, { why: `${name}: spaces only`, value: '   ' }, { why: `${name}: zero-width only`, value: '\u200b\u200b\ufeff' });
    out.push({ why: `${name}: NUL`, value: base + '\u0000' }, { why: `${name}: lone surrogate`, value: base + '\ud800' }, { why: `${name}: bidi override`, value: '\u202e' + base });
  }
  if (t === 'integer' || t === 'number') {
    if (s.minimum !== undefined) out.push({ why: `${name}: below ${s.minimum}`, value: s.minimum - 1 });
    if (s.maximum !== undefined) out.push({ why: `${name}: above ${s.maximum}`, value: s.maximum + 1 });
    if (s.exclusiveMinimum !== undefined) out.push({ why: `${name}: equal to the exclusive minimum ${s.exclusiveMinimum}`, value: s.exclusiveMinimum });
    if (s.exclusiveMaximum !== undefined) out.push({ why: `${name}: equal to the exclusive maximum ${s.exclusiveMaximum}`, value: s.exclusiveMaximum });
    if (t === 'integer') out.push({ why: `${name}: fraction`, value: 1.5 }, { why: `${name}: 2^53 + 2`, value: 2 ** 53 + 2 });
    out.push({ why: `${name}: "NaN"`, value: 'NaN' }, { why: `${name}: 1e999`, value: HUGE, always: true }, { why: `${name}: -1e999`, value: HUGE_NEGATIVE, always: true });
    if (/^(lng|longitude)$/i.test(name.split('.').pop()!)) out.push({ why: `${name}: longitude 200`, value: 200, always: true });
    if (/^(lat|latitude)$/i.test(name.split('.').pop()!)) out.push({ why: `${name}: latitude 95`, value: 95, always: true });
  }
  if (t === 'array' && !Array.isArray(s.items)) {
    const item = (i: number) => sample(s.items ?? {}, i);
    if (s.minItems) out.push({ why: `${name}: empty list`, value: [] });
    if (s.maxItems !== undefined) out.push({ why: `${name}: more than ${s.maxItems} items`, value: Array.from({ length: s.maxItems + 1 }, (_, i) => item(i)) });
    if (s.uniqueItems) out.push({ why: `${name}: repeated item`, value: [item(0), item(0)] });
    out.push({ why: `${name}: nested 10,000 deep`, value: DEEP_MARK });
  }
  const geometry = (t === 'object' && s.properties?.type && s.properties?.coordinates) || /(^|\.)geometry$/.test(name);
  if (geometry) out.push(...geometryDefects().map((d) => ({ ...d, why: `${name}: ${d.why}` })));
  return out;
}

interface Field {
  name: string;
  schema: Schema;
  current: unknown;
  /** The whole body with this field set to `value`. */
  place: (value: unknown) => unknown;
}

/** The fields of a body (nested objects and the first item of lists), each with a way to set it. */
function fieldsOf(schema: Schema, current: unknown, name: string, place: (value: unknown) => unknown, out: Field[], structural: Defect[], depth = 0) {
  if (name) out.push({ name, schema, current, place });
  if (depth > 6) return;
  const s = branchOf(schema);
  const t = typeOf(s);
  if (t === 'object' && s.properties) {
    const obj = (current && typeof current === 'object' && !Array.isArray(current) ? current : sample(s)) as Record<string, unknown>;
    const label = name || 'body';
    for (const key of s.required ?? []) {
      const { [key]: _dropped, ...rest } = obj;
      structural.push({ why: `${label}: missing ${key}`, value: place(rest) });
    }
    if (s.additionalProperties === false) structural.push({ why: `${label}: unknown field`, value: place({ ...obj, unexpectedField: 1 }) });
    for (const [key, child] of Object.entries(s.properties as Record<string, Schema>)) {
      fieldsOf(child, obj[key] ?? sample(child), name ? `${name}.${key}` : key, (v) => place({ ...obj, [key]: v }), out, structural, depth + 1);
    }
  } else if (t === 'array' && Array.isArray(s.items)) {
    // A tuple ([lng, lat], the names of two pieces): each place in turn.
    const list = (Array.isArray(current) ? current : sample(s)) as unknown[];
    (s.items as Schema[]).forEach((item, i) => fieldsOf(item, list[i], `${name}[${i}]`, (v) => place(list.map((x, j) => (j === i ? v : x))), out, structural, depth + 1));
  } else if (t === 'array' && s.items) {
    const list = Array.isArray(current) && current.length ? current : [sample(s.items)];
    fieldsOf(s.items, list[0], `${name}[0]`, (v) => place([v, ...list.slice(1)]), out, structural, depth + 1);
  }
}

// --- requests ------------------------------------------------------------------------------

const PATH_DEFECTS = ['abc', '-1', '0', '1.5', '99999999999999999999', '%20', '1%00', '%E2%80%AE1', '%3Cscript%3E', 'x'.repeat(300)];
/** Bytes that are no UTF-8 text (a lone surrogate encoded, a stray byte). */
const URL_UNDECODABLE = ['%ED%A0%80', '%FF'];

function safeDecode(s: string) {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function urlOf(endpoint: Endpoint, pathValues: Record<string, string>, query: Record<string, string>) {
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => pathValues[name] ?? '');
  const qs = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&');
  return qs ? `${path}?${qs}` : path;
}

function paramSchema(params: Param[]): Schema {
  return { type: 'object', properties: Object.fromEntries(params.map((p) => [p.name, p.schema])), required: params.filter((p) => p.required).map((p) => p.name) };
}

const MULTIPART = '--cgboundary\r\ncontent-disposition: form-data; name="name"\r\n\r\n网格\r\n--cgboundary--\r\n';

export interface Corpus {
  requests: CorpusRequest[];
  /** Defects the schema takes, so not sent (for the summary). */
  skipped: number;
  /** Whether a valid body could be built (else each request may carry more than one defect). */
  validBase: boolean;
}

/** The requests to one endpoint that must all be refused. `headers` go on each (cookie, CSRF token). */
export function corpusFor(endpoint: Endpoint, headers: Record<string, string>): Corpus {
  const requests: CorpusRequest[] = [];
  let skipped = 0;
  const pathParams = endpoint.params.filter((p) => p.in === 'path');
  const queryParams = endpoint.params.filter((p) => p.in === 'query');
  const pathValues = Object.fromEntries(pathParams.map((p) => [p.name, encodeURIComponent(String(sample(p.schema)))]));
  const queryValues = Object.fromEntries(queryParams.filter((p) => p.required).map((p) => [p.name, encodeURIComponent(String(sample(p.schema)))]));
  const url = urlOf(endpoint, pathValues, queryValues);
  const base = endpoint.body ? sample(endpoint.body) : undefined;
  const json = { ...headers, 'content-type': 'application/json' };
  const send = (why: string, payload: string | undefined, extra: Record<string, string> = json, at = url, code?: string) =>
    requests.push({ method: endpoint.method, url: at, headers: extra, ...(payload === undefined ? {} : { payload }), why, ...(code ? { code } : {}) });
  const bodyText = base === undefined ? undefined : toRaw(base);
  const sendBody = (why: string, at: string, code?: string) => (bodyText === undefined ? send(why, undefined, headers, at, code) : send(why, bodyText, json, at, code));

  // Path and query values, one defect at a time.
  for (const [where, params, values] of [['path', pathParams, pathValues], ['query', queryParams, queryValues]] as const) {
    if (!params.length) continue;
    const schema = paramSchema(params as Param[]);
    for (const p of params as Param[]) {
      const candidates = [...PATH_DEFECTS, ...(where === 'query' ? ['', 'maybe'] : [])];
      for (const raw of candidates) {
        const decoded = safeDecode(raw);
        const asParsed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, safeDecode(v)]));
        if (decoded === null || !schemaRefuses(schema, { ...asParsed, [p.name]: decoded }, true)) {
          skipped++;
          continue;
        }
        const at = where === 'path' ? urlOf(endpoint, { ...pathValues, [p.name]: raw }, queryValues) : urlOf(endpoint, pathValues, { ...queryValues, [p.name]: raw });
        sendBody(`${where} ${p.name}=${raw.slice(0, 24)}`, at);
      }
      // The router refuses a path it cannot decode; the query parser keeps such a value as it came (%FF stays "%FF").
      for (const raw of URL_UNDECODABLE) {
        if (where === 'query' && !schemaRefuses(schema, { ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, safeDecode(v)])), [p.name]: raw }, true)) {
          skipped++;
          continue;
        }
        const at = where === 'path' ? urlOf(endpoint, { ...pathValues, [p.name]: raw }, queryValues) : urlOf(endpoint, pathValues, { ...queryValues, [p.name]: raw });
        sendBody(`${where} ${p.name}=${raw} (not UTF-8)`, at, where === 'path' ? 'BAD_URL' : undefined);
      }
      if (p.required && where === 'query') {
        const { [p.name]: _dropped, ...rest } = queryValues;
        sendBody(`query: missing ${p.name}`, urlOf(endpoint, pathValues, rest));
      }
    }
  }

  // The body, one defect at a time.
  let validBase = true;
  if (endpoint.body) {
    validBase = !schemaRefuses(endpoint.body, parsed(base));
    const fields: Field[] = [];
    const structural: Defect[] = [];
    fieldsOf(endpoint.body, base, '', (v) => v, fields, structural);
    const defects: Defect[] = [...structural, ...fields.flatMap((f) => defectsOf(f.schema, f.current, f.name).map((d) => ({ ...d, value: f.place(d.value) })))];
    // One huge text per endpoint (100,000 characters, 300 kB of UTF-8) is enough to show the limit holds.
    const firstText = fields.find((f) => typeOf(f.schema) === 'string');
    if (firstText) defects.push({ why: `${firstText.name}: 100,000 characters`, value: firstText.place('测'.repeat(100_000)) });
    for (const d of defects) {
      const text = toRaw(d.value);
      // Deep nesting is refused however far the schema looks; the rest only where the schema refuses.
      if (!d.always && !JSON.stringify(d.value).includes(JSON.stringify(DEEP_MARK)) && !schemaRefuses(endpoint.body, JSON.parse(text))) {
        skipped++;
        continue;
      }
      send(d.why, text);
    }
    for (const value of [[], 'text', 42, null]) send(`body is ${JSON.stringify(value)}`, JSON.stringify(value));
    send('no body', undefined, headers);
    send('body nested 10,000 deep (arrays)', DEEP_ARRAY);
    send('body nested 10,000 deep (objects)', DEEP_OBJECT);
    // Prototype poisoning: the parser refuses these keys outright.
    const baseFields = bodyText && bodyText.length > 2 ? bodyText.slice(1, -1) + ',' : '';
    send('__proto__ key', `{${baseFields}"__proto__":{"isAdmin":true}}`, json, url, 'INVALID_JSON');
    send('constructor.prototype key', `{${baseFields}"constructor":{"prototype":{"isAdmin":true}}}`, json, url, 'INVALID_JSON');
  }
  // Malformed JSON and content types the route does not read, on any write endpoint. A route that
  // reads JSON names them (INVALID_JSON, UNSUPPORTED_MEDIA_TYPE); one that reads raw bytes (a photo,
  // a spreadsheet; its body is not in the document) refuses them by their content.
  const jsonCode = (code: string) => (endpoint.body ? code : undefined);
  for (const [why, text] of [['truncated JSON', '{"name": "网格", "x": '], ['single quotes', "{'name': 1}"], ['NaN literal', '{"a": NaN}'], ['JSON then garbage', '{"a": 1} x'], ['body is empty', '']] as const) {
    send(why, text, json, url, jsonCode('INVALID_JSON'));
  }
  const valid = bodyText ?? '{}';
  for (const [why, type, text] of [
    ['text/plain', 'text/plain', valid],
    ['form-encoded', 'application/x-www-form-urlencoded', 'name=%E7%BD%91%E6%A0%BC&level=3'],
    ['multipart', 'multipart/form-data; boundary=cgboundary', MULTIPART],
    ['XML', 'application/xml', '<name>网格</name>'],
    ['no content type', undefined, valid],
  ] as const) {
    // A route without a body would take JSON text as an empty request: only what it cannot parse is sent there.
    if (!endpoint.body && (type === 'text/plain' || type === undefined)) continue;
    send(why, text, type ? { ...headers, 'content-type': type } : headers, url, jsonCode('UNSUPPORTED_MEDIA_TYPE'));
  }
  return { requests, skipped, validBase };
}
