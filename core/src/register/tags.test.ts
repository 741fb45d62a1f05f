import { describe, expect, it } from 'vitest';
import { ROLE_KEYS } from '../roles.js';
import {
  DEFAULT_TAGS,
  MANAGEMENT_LEVELS,
  SENSITIVE_TAG_ROLES,
  TAG_GROUPS,
  type TagDefinition,
  canSeeTag,
  derivedTagKeys,
  tagDefinitionProblems,
  visibleTags,
} from './tags.js';

const tag = (key: string) => DEFAULT_TAGS.find((t) => t.key === key)!;

describe('default tag catalogue', () => {
  it('holds the special groups of the seeds', () => {
    const names = DEFAULT_TAGS.map((t) => t.zh);
    for (const zh of ['60岁以上老人', '独居老人', '残疾人', '低保对象', '优抚对象', '刑满释放人员', '社区矫正对象', '重点人员', '重点青少年', '流动人口']) {
      expect(names).toContain(zh);
    }
  });
  it('is a valid catalogue: unique keys, both languages, known groups', () => {
    for (const t of DEFAULT_TAGS) {
      expect(tagDefinitionProblems(t, DEFAULT_TAGS), t.key).toEqual([]);
      expect(t.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(TAG_GROUPS.map((g) => g.key)).toContain(t.group);
    }
    expect(new Set(DEFAULT_TAGS.map((t) => t.key)).size).toBe(DEFAULT_TAGS.length);
  });
  it('gives sensitive tags the three management levels and ordinary tags none', () => {
    expect(MANAGEMENT_LEVELS.map((l) => l.zh)).toEqual(['正常', '临时', '重点']);
    for (const key of ['released_prisoner', 'community_correction', 'key_person', 'key_youth']) {
      expect(tag(key).sensitive).toBe(true);
      expect(tag(key).managementLevels).toEqual(['normal', 'temporary', 'key']);
    }
    for (const key of ['elderly_60', 'elderly_alone', 'disabled', 'minimum_living', 'special_care', 'migrant']) {
      expect(tag(key).sensitive).toBe(false);
      expect(tag(key).managementLevels).toBeUndefined();
    }
  });
});

describe('canSeeTag', () => {
  const sensitive = tag('key_person');
  const ordinary = tag('disabled');
  it('shows ordinary tags to every role', () => {
    for (const role of ROLE_KEYS) expect(canSeeTag([role], ordinary)).toBe(true);
    expect(canSeeTag([], ordinary)).toBe(true);
  });
  it('shows sensitive tags only to the roles that work with them', () => {
    const allowed = ROLE_KEYS.filter((r) => canSeeTag([r], sensitive));
    expect(allowed).toEqual([...SENSITIVE_TAG_ROLES]);
    expect(allowed).toEqual(['community_secretary', 'grid_worker_b']);
    expect(canSeeTag(['grid_worker_a'], sensitive)).toBe(false);
    expect(canSeeTag(['dispatcher', 'leader'], sensitive)).toBe(false);
    expect(canSeeTag(['grid_worker_a', 'grid_worker_b'], sensitive)).toBe(true);
    expect(canSeeTag([], sensitive)).toBe(false);
    expect(canSeeTag(['no_such_role'], sensitive)).toBe(false);
  });
  it('follows a tag’s own list of roles when it has one', () => {
    const narrow: TagDefinition = { ...tag('community_correction'), visibleTo: ['community_secretary'] };
    expect(canSeeTag(['community_secretary'], narrow)).toBe(true);
    expect(canSeeTag(['grid_worker_b'], narrow)).toBe(false);
  });
  it('filters a catalogue', () => {
    const forA = visibleTags(['grid_worker_a'], DEFAULT_TAGS);
    expect(forA.every((t) => !t.sensitive)).toBe(true);
    expect(forA.length).toBe(DEFAULT_TAGS.filter((t) => !t.sensitive).length);
    expect(visibleTags(['grid_worker_b'], DEFAULT_TAGS)).toHaveLength(DEFAULT_TAGS.length);
  });
});

describe('derivedTagKeys', () => {
  const today = '2026-05-20';
  it('derives age tags from the birth date', () => {
    expect(derivedTagKeys({ birthDate: '1966-05-20' }, today)).toEqual(['elderly_60']);
    expect(derivedTagKeys({ birthDate: '1966-05-21' }, today)).toEqual([]);
    expect(derivedTagKeys({ birthDate: '1940-01-01' }, today)).toEqual(['elderly_60', 'elderly_80']);
  });
  it('derives residence tags from the status', () => {
    expect(derivedTagKeys({ birthDate: '1990-01-01', residenceStatus: 'migrant' }, today)).toEqual(['migrant']);
    expect(derivedTagKeys({ residenceStatus: 'overseas' }, today)).toEqual(['overseas']);
    expect(derivedTagKeys({ residenceStatus: 'registered' }, today)).toEqual([]);
  });
  it('derives nothing without facts', () => {
    expect(derivedTagKeys({}, today)).toEqual([]);
    expect(derivedTagKeys({ birthDate: null, residenceStatus: null }, today)).toEqual([]);
  });
});

describe('tagDefinitionProblems', () => {
  const base: TagDefinition = { key: 'hearing_aid', zh: '助听器需求', en: 'Needs a hearing aid', group: 'health', sensitive: false };
  it('accepts a well-formed tag', () => {
    expect(tagDefinitionProblems(base, DEFAULT_TAGS)).toEqual([]);
  });
  it('names what is wrong', () => {
    expect(tagDefinitionProblems({ ...base, key: 'Hearing Aid' })).toEqual(['KEY']);
    expect(tagDefinitionProblems({ ...base, key: 'disabled' }, DEFAULT_TAGS)).toEqual(['DUPLICATE_KEY']);
    expect(tagDefinitionProblems({ ...base, zh: ' ' })).toEqual(['NAME']);
    expect(tagDefinitionProblems({ ...base, sensitive: true })).toEqual(['LEVELS_REQUIRED']);
    expect(tagDefinitionProblems({ ...base, managementLevels: ['key'] })).toEqual(['LEVELS_NOT_ALLOWED']);
    expect(tagDefinitionProblems({ ...base, sensitive: true, managementLevels: ['urgent' as never] })).toEqual(['UNKNOWN_LEVEL']);
    expect(tagDefinitionProblems({ ...base, sensitive: true, managementLevels: ['key'], visibleTo: ['police' as never] })).toEqual(['UNKNOWN_ROLE']);
    expect(tagDefinitionProblems({ ...base, rule: { kind: 'minAge', years: 0 } })).toEqual(['BAD_RULE']);
    expect(tagDefinitionProblems({ ...base, rule: { kind: 'residenceStatus', status: 'tourist' as never } })).toEqual(['BAD_RULE']);
  });
});
