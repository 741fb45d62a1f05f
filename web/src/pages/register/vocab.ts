// The register's closed vocabularies, shown in the user's language. The lists live in core/ so the
// server, the Excel ledgers and the console name things the same way.
import { COMPONENT_CONDITIONS } from '@core/register/component-conditions';
import { COVERAGE_RULES } from '@core/register/coverage';
import { DOCUMENT_TYPES } from '@core/register/documents';
import { DEREGISTER_REASONS, EDUCATION_LEVELS } from '@core/register/person-fields';
import { PLACE_KINDS } from '@core/register/place-kinds';
import { RELATIONS } from '@core/register/relations';
import { MANAGEMENT_LEVELS, RESIDENCE_STATUSES } from '@core/register/tags';
import { VISIT_KINDS } from '@core/register/visit-kinds';
import { currentLocale, i18n } from '@/i18n';

interface Term {
  key: string;
  zh: string;
  en: string;
}

export const vocab = {
  residence: RESIDENCE_STATUSES,
  education: EDUCATION_LEVELS,
  document: DOCUMENT_TYPES,
  level: MANAGEMENT_LEVELS,
  relation: RELATIONS,
  visitKind: VISIT_KINDS,
  mustVisit: VISIT_KINDS.filter((k) => k.mustVisit),
  placeKind: PLACE_KINDS,
  condition: COMPONENT_CONDITIONS,
  coverageRule: COVERAGE_RULES,
  deregister: DEREGISTER_REASONS,
} satisfies Record<string, readonly Term[]>;

/** Chinese or English name of a term (or of a pair the API sent); the key itself when unknown. */
export function termName(term: { zh: string; en: string } | undefined, fallback = ''): string {
  if (!term) return fallback;
  return currentLocale() === 'en' ? term.en || term.zh : term.zh;
}

export function termOf(list: keyof typeof vocab, key: string | null | undefined): string {
  if (!key) return '—';
  return termName((vocab[list] as readonly Term[]).find((t) => t.key === key), key);
}

/** Names from the register's i18n module for vocabularies only the UI has (occupancy, use …). */
export function uiTerm(group: 'occupancy' | 'use' | 'gender' | 'householdKind' | 'reading' | 'purpose', key: string | null | undefined): string {
  if (!key) return '—';
  const path = `register.${group}.${key}`;
  return i18n.global.te(path) ? i18n.global.t(path) : key;
}

export const OCCUPANCY_KEYS = ['owner', 'rented', 'vacant', 'lent', 'unknown'] as const;
export const USE_KEYS = ['residential', 'commercial', 'mixed', 'office', 'other'] as const;
export const PURPOSE_KEYS = ['residential', 'business', 'dormitory', 'mixed'] as const;
export const HOUSEHOLD_KINDS = ['family', 'collective'] as const;
