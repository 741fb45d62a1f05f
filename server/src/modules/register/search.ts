// The register's one search box: a text is read once (ID number, its last digits, phone, credit
// code, pinyin, or a name/address fragment) and matched against persons, households, dwellings
// and places at the same time, each inside the actor's scope, masked like every other answer.
// Each section returns at most `limit` hits and says whether there are more; no counts, so a
// search stays fast on millions of rows.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { FastifyInstance } from 'fastify';
import { parseCreditCode } from '../../../../core/src/register/credit-code.js';
import { normalizePinyinQuery } from '../../../../core/src/register/pinyin.js';
import { type Actor } from '../../actor.js';
import { inScope } from '../../scope/index.js';
import { containsPattern } from '../../db/like.js';
import { dwellings, householdMembers, households } from '../housing/index.js';
import { orgUnits } from '../territory/index.js';
import { persons } from './tables.js';
import { places } from '../places/index.js';
import { actorOf } from '../../http/auth.js';
import { withErrors } from '../../http/schemas.js';
import { badRequest } from '../../errors.js';
import * as repo from './repo.js';
import { prefixC } from './repo.js';
import { type READINGS, SearchQuery, SearchResult } from './schema.js';
import { personMatchFor, phoneDigits, presentPersons, type RegisterDeps } from './service.js';

/** How the search text was read; decides which columns are looked at. */
export type Reading = (typeof READINGS)[number];

export function readQuery(q: string): Reading {
  const t = q.trim().toUpperCase();
  if (/^\d{17}[\dX]$/.test(t)) return 'id_number';
  if (/^(\+?86)?1\d{10}$/.test(t)) return 'phone';
  if (/^[0-9A-Z]{18}$/.test(t) && parseCreditCode(t).ok) return 'credit_code';
  if (/^(\d{3}[\dX]|\d{5}[\dX])$/.test(t)) return 'id_suffix';
  if (/^\d+$/.test(t)) return 'number';
  if (/^[a-z]+$/i.test(q.trim())) return 'pinyin';
  return 'text';
}

const page = <T>(rows: T[], limit: number) => ({ items: rows.slice(0, limit), more: rows.length > limit });
const none = { items: [], more: false };

/** Two sections of hits as one: the first one's hits, then the second's not already shown. */
function merge<T extends { id: number }>(a: { items: T[]; more: boolean }, b: { items: T[]; more: boolean }, limit: number) {
  const seen = new Set(a.items.map((x) => x.id));
  const items = [...a.items, ...b.items.filter((x) => !seen.has(x.id))];
  return { items: items.slice(0, limit), more: a.more || b.more || items.length > limit };
}

const head = alias(persons, 'head');
const home = alias(dwellings, 'home');

// Every section orders by id + 0: the matches are found by their own index, then sorted, instead of
// the planner walking a primary key in order and filtering millions of rows for one page.
async function searchHouseholds(deps: RegisterDeps, actor: Actor, where: SQL, limit: number) {
  const members = sql<number>`(select count(*)::int from ${householdMembers} where ${householdMembers.householdId} = ${households.id})`;
  const rows = await deps.db
    .select({ id: households.id, headName: head.name, address: home.address, orgUnitName: orgUnits.name, members })
    .from(households)
    .innerJoin(orgUnits, eq(orgUnits.id, households.orgUnitId))
    .leftJoin(head, eq(head.id, households.headPersonId))
    .leftJoin(home, eq(home.id, households.dwellingId))
    .where(and(inScope(actor, orgUnits.path), eq(households.status, 'active'), where))
    .orderBy(sql`${households.id} + 0`)
    .limit(limit + 1);
  return page(rows, limit);
}

/** Households whose head matches: the matching persons first (their indexes), then their households. */
/**
 * The households headed by the persons a search found: looked up from those few hits (the first
 * page of matching persons in scope), not from every matching person in the city.
 */
async function householdsOf(deps: RegisterDeps, actor: Actor, found: Promise<{ items: Array<{ id: number }> }>, limit: number) {
  const ids = (await found).items.map((p) => p.id);
  return ids.length === 0 ? none : searchHouseholds(deps, actor, inArray(households.headPersonId, ids), limit);
}
/** Households living at a matching address (the dwellings found first, as for persons). */
const householdAt = (q: string) => sql`${households.dwellingId} = any(array(select ${dwellings.id} from ${dwellings} where ${dwellings.address} like ${containsPattern(q)}))`;

async function searchDwellings(deps: RegisterDeps, actor: Actor, where: SQL, limit: number) {
  const count = sql<number>`(select count(*)::int from ${households} where ${households.dwellingId} = ${dwellings.id} and ${households.status} = 'active')`;
  const rows = await deps.db
    .select({ id: dwellings.id, address: dwellings.address, occupancy: dwellings.occupancy, orgUnitName: orgUnits.name, households: count })
    .from(dwellings)
    .innerJoin(orgUnits, eq(orgUnits.id, dwellings.orgUnitId))
    .where(and(inScope(actor, orgUnits.path), eq(dwellings.status, 'active'), where))
    .orderBy(sql`${dwellings.id} + 0`)
    .limit(limit + 1);
  return page(rows, limit);
}

async function searchPlaces(deps: RegisterDeps, actor: Actor, where: SQL, limit: number) {
  const rows = await deps.db
    .select({ id: places.id, name: places.name, kind: places.kind, address: places.address, orgUnitName: orgUnits.name, creditCode: places.creditCode })
    .from(places)
    .innerJoin(orgUnits, eq(orgUnits.id, places.orgUnitId))
    .where(and(inScope(actor, orgUnits.path), eq(places.status, 'active'), where))
    .orderBy(sql`${places.id} + 0`)
    .limit(limit + 1);
  return page(rows, limit);
}

async function searchPersons(deps: RegisterDeps, actor: Actor, match: repo.PersonMatch, limit: number) {
  const rows = await repo.findPersons(deps.db, actor, match, limit);
  return { items: await presentPersons(deps, actor, rows.slice(0, limit)), more: rows.length > limit };
}


export async function search(deps: RegisterDeps, actor: Actor, query: { q: string; limit?: number }) {
  const q = query.q.trim();
  const limit = query.limit ?? 10;
  if (q === '') throw badRequest('EMPTY_QUERY', { zh: '请输入要查找的内容', en: 'Type something to search for' });
  const reading = readQuery(q);
  const { crypto } = deps;
  const empty = { persons: none, households: none, dwellings: none, places: none };
  const address = (text: string) => sql`${dwellings.address} like ${containsPattern(text)}`;
  // Digits alone are a room number (501, 1501): matched exactly, by its own index.
  const room = (text: string) => eq(dwellings.room, text);

  switch (reading) {
    case 'id_number':
    case 'id_suffix': {
      const found = searchPersons(deps, actor, personMatchFor(crypto, q), limit);
      const [p, h, d] = await Promise.all([
        found,
        householdsOf(deps, actor, found, limit),
        // A 4-digit text may be a room number as well (1501).
        reading === 'id_suffix' && /^\d+$/.test(q) ? searchDwellings(deps, actor, room(q), limit) : Promise.resolve(none),
      ]);
      return { q, reading, ...empty, persons: p, households: h, dwellings: d };
    }
    case 'phone': {
      const found = searchPersons(deps, actor, personMatchFor(crypto, q), limit);
      const hash = crypto.hash(phoneDigits(q));
      const [p, h, pl] = await Promise.all([
        found,
        householdsOf(deps, actor, found, limit),
        searchPlaces(deps, actor, eq(places.contactPhoneHash, hash), limit),
      ]);
      return { q, reading, ...empty, persons: p, households: h, places: pl };
    }
    case 'credit_code':
      return { q, reading, ...empty, places: await searchPlaces(deps, actor, eq(places.creditCode, q.toUpperCase()), limit) };
    case 'number':
      return { q, reading, ...empty, dwellings: await searchDwellings(deps, actor, room(q), limit) };
    case 'pinyin': {
      const keys = normalizePinyinQuery(q);
      // Initials (zmr) and whole syllables (zhangm) each walk their own index in order.
      const found = Promise.all([searchPersons(deps, actor, { kind: 'initials', q: keys }, limit), searchPersons(deps, actor, { kind: 'syllables', q: keys }, limit)]).then(([a, b]) => merge(a, b, limit));
      const [p, h, pl] = await Promise.all([found, householdsOf(deps, actor, found, limit), searchPlaces(deps, actor, prefixC(places.nameInitials, keys), limit)]);
      return { q, reading, ...empty, persons: p, households: h, places: pl };
    }
    case 'text': {
      const name: repo.PersonMatch = { kind: 'name', q };
      // A text with digits (3号楼, 501室) is an address; a Chinese text may be a name or an address.
      const looksLikeAddress = /\d/.test(q);
      const chars = [...q].length;
      // Each column is searched on its own (an OR across joined tables would defeat the indexes);
      // name matches come first, then records at a matching address.
      const byAddress = chars >= 3 || looksLikeAddress;
      const named = looksLikeAddress ? Promise.resolve(none) : searchPersons(deps, actor, name, limit);
      // Two characters are a name (王芳), too short for an address fragment's trigrams.
      const [personsByName, personsByAddress, householdsByHead, householdsByAddress, d, placesByName, placesByAddress] = await Promise.all([
        named,
        byAddress ? searchPersons(deps, actor, { kind: 'address', q }, limit) : Promise.resolve(none),
        householdsOf(deps, actor, named, limit),
        byAddress ? searchHouseholds(deps, actor, householdAt(q), limit) : Promise.resolve(none),
        byAddress ? searchDwellings(deps, actor, address(q), limit) : Promise.resolve(none),
        searchPlaces(deps, actor, sql`${places.name} like ${containsPattern(q)}`, limit),
        byAddress ? searchPlaces(deps, actor, sql`${places.address} like ${containsPattern(q)}`, limit) : Promise.resolve(none),
      ]);
      return {
        q,
        reading,
        persons: merge(personsByName, personsByAddress, limit),
        households: merge(householdsByHead, householdsByAddress, limit),
        dwellings: d,
        places: merge(placesByName, placesByAddress, limit),
      };
    }
  }
}

export async function searchRoutes(fastify: FastifyInstance, deps: RegisterDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/register/search',
    {
      config: { permission: 'register.read' },
      schema: { tags: ['register'], summary: '统一查询 One search box over persons, households, dwellings and places', querystring: SearchQuery, response: withErrors({ 200: SearchResult }) },
    },
    async (request) => search(deps, actorOf(request), request.query),
  );
}
