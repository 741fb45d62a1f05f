// Tags for special groups of persons (特殊人群). The catalogue is configuration: these are the
// defaults a new deployment starts with; administrators may add, rename or retire tags.
// Sensitive tags (刑释, 社区矫正, 重点人员 …) carry a management level and are seen only by the
// roles that work with them; everyone else sees neither the tag nor that a person carries one.
import { type RoleKey, ROLE_KEYS } from '../roles.js';
import { ageOn } from './id-card.js';

// Seed 003: 重点人员 are managed at one of three levels.
export const MANAGEMENT_LEVELS = [
  { key: 'normal', zh: '正常', en: 'Normal' },
  { key: 'temporary', zh: '临时', en: 'Temporary' },
  { key: 'key', zh: '重点', en: 'Key' },
] as const;
export type ManagementLevel = (typeof MANAGEMENT_LEVELS)[number]['key'];
export const MANAGEMENT_LEVEL_KEYS: readonly ManagementLevel[] = MANAGEMENT_LEVELS.map((l) => l.key);

export type TagGroup = 'age' | 'care' | 'welfare' | 'health' | 'residence' | 'security';

export const TAG_GROUPS: readonly { key: TagGroup; zh: string; en: string }[] = [
  { key: 'age', zh: '年龄', en: 'Age' },
  { key: 'care', zh: '关爱对象', en: 'Care' },
  { key: 'welfare', zh: '社会救助与优抚', en: 'Welfare and veterans' },
  { key: 'health', zh: '健康', en: 'Health' },
  { key: 'residence', zh: '居住', en: 'Residence' },
  { key: 'security', zh: '平安建设', en: 'Public safety' },
];

// 实有人口 by residence: 户籍 (registered here), 流动 (migrant), 境外 (foreigners and 港澳台).
export const RESIDENCE_STATUSES = [
  { key: 'registered', zh: '户籍人口', en: 'Registered resident' },
  { key: 'migrant', zh: '流动人口', en: 'Migrant' },
  { key: 'overseas', zh: '境外人员', en: 'Foreign or overseas resident' },
] as const;
export type ResidenceStatus = (typeof RESIDENCE_STATUSES)[number]['key'];

/** A tag a person carries because of another fact in the register, not because someone set it. */
export type TagRule = { kind: 'minAge'; years: number } | { kind: 'residenceStatus'; status: ResidenceStatus };

export interface TagDefinition {
  /** Stable key (lower snake case), stored on persons; names may change, keys do not. */
  key: string;
  zh: string;
  en: string;
  group: TagGroup;
  sensitive: boolean;
  /** Levels a sensitive tag is managed at; absent on ordinary tags. */
  managementLevels?: readonly ManagementLevel[];
  /** Roles that may see this sensitive tag, when they differ from SENSITIVE_TAG_ROLES. */
  visibleTo?: readonly RoleKey[];
  /** Derived from the register (enter a fact once): 60+ from the birth date, 流动人口 from the status. */
  rule?: TagRule;
}

// The people who work with sensitive groups: the community secretary and the B-post grid worker
// (B岗, specialised work: 重点人员, 社区矫正, 刑释). The A-post worker patrols and collects; the
// dispatcher, handlers, proxy agents and leaders see counts in statistics, not who.
export const SENSITIVE_TAG_ROLES: readonly RoleKey[] = ['community_secretary', 'grid_worker_b'];

const LEVELS = MANAGEMENT_LEVEL_KEYS;

export const DEFAULT_TAGS: readonly TagDefinition[] = [
  { key: 'elderly_60', zh: '60岁以上老人', en: 'Aged 60 or over', group: 'age', sensitive: false, rule: { kind: 'minAge', years: 60 } },
  { key: 'elderly_80', zh: '80岁以上高龄老人', en: 'Aged 80 or over', group: 'age', sensitive: false, rule: { kind: 'minAge', years: 80 } },
  { key: 'elderly_alone', zh: '独居老人', en: 'Elderly living alone', group: 'care', sensitive: false },
  { key: 'empty_nest', zh: '空巢老人', en: 'Empty-nest elderly', group: 'care', sensitive: false },
  { key: 'left_behind_child', zh: '留守儿童', en: 'Left-behind child', group: 'care', sensitive: false },
  { key: 'disabled', zh: '残疾人', en: 'Person with disability', group: 'care', sensitive: false },
  { key: 'retired', zh: '退休人员', en: 'Retiree', group: 'care', sensitive: false },
  { key: 'minimum_living', zh: '低保对象', en: 'Minimum living allowance', group: 'welfare', sensitive: false },
  { key: 'low_income', zh: '低保边缘户', en: 'Near minimum living allowance', group: 'welfare', sensitive: false },
  { key: 'extreme_poverty', zh: '特困人员', en: 'Person in extreme poverty', group: 'welfare', sensitive: false },
  { key: 'special_care', zh: '优抚对象', en: 'Entitled group (veterans’ families)', group: 'welfare', sensitive: false },
  { key: 'veteran', zh: '退役军人', en: 'Veteran', group: 'welfare', sensitive: false },
  { key: 'chronic_illness', zh: '慢性病患者', en: 'Chronic illness', group: 'health', sensitive: false },
  { key: 'pregnant', zh: '孕产妇', en: 'Pregnant or postpartum', group: 'health', sensitive: false },
  { key: 'migrant', zh: '流动人口', en: 'Migrant', group: 'residence', sensitive: false, rule: { kind: 'residenceStatus', status: 'migrant' } },
  { key: 'overseas', zh: '境外人员', en: 'Foreign or overseas resident', group: 'residence', sensitive: false, rule: { kind: 'residenceStatus', status: 'overseas' } },
  { key: 'released_prisoner', zh: '刑满释放人员', en: 'Released prisoner', group: 'security', sensitive: true, managementLevels: LEVELS },
  { key: 'community_correction', zh: '社区矫正对象', en: 'Under community correction', group: 'security', sensitive: true, managementLevels: LEVELS },
  { key: 'key_person', zh: '重点人员', en: 'Person of concern', group: 'security', sensitive: true, managementLevels: LEVELS },
  { key: 'key_youth', zh: '重点青少年', en: 'Youth of concern', group: 'security', sensitive: true, managementLevels: LEVELS },
  { key: 'drug_user', zh: '社区戒毒康复人员', en: 'In community drug rehabilitation', group: 'security', sensitive: true, managementLevels: LEVELS },
  {
    key: 'severe_mental_disorder',
    zh: '严重精神障碍患者',
    en: 'Severe mental disorder',
    group: 'health',
    sensitive: true,
    managementLevels: LEVELS,
  },
];

/** Whether a person holding these roles may see that a person carries the tag. */
export function canSeeTag(roles: readonly string[], tag: Pick<TagDefinition, 'sensitive' | 'visibleTo'>): boolean {
  if (!tag.sensitive) return true;
  const allowed: readonly string[] = tag.visibleTo ?? SENSITIVE_TAG_ROLES;
  return roles.some((r) => allowed.includes(r));
}

/** The tags of a catalogue a person holding these roles may see (for filters, forms and exports). */
export function visibleTags<T extends Pick<TagDefinition, 'sensitive' | 'visibleTo'>>(roles: readonly string[], catalogue: readonly T[]): T[] {
  return catalogue.filter((t) => canSeeTag(roles, t));
}

/** Keys of the catalogue's tags that follow from a person's birth date and residence status on a day. */
export function derivedTagKeys(
  person: { birthDate?: string | null; residenceStatus?: string | null },
  today: string,
  catalogue: readonly TagDefinition[] = DEFAULT_TAGS,
): string[] {
  const age = person.birthDate ? ageOn(person.birthDate, today) : null;
  return catalogue
    .filter((t) => {
      if (!t.rule) return false;
      if (t.rule.kind === 'minAge') return age !== null && age >= t.rule.years;
      return person.residenceStatus === t.rule.status;
    })
    .map((t) => t.key);
}

export type TagDefinitionProblem =
  | 'KEY'
  | 'NAME'
  | 'LEVELS_REQUIRED'
  | 'LEVELS_NOT_ALLOWED'
  | 'UNKNOWN_LEVEL'
  | 'UNKNOWN_ROLE'
  | 'DUPLICATE_KEY'
  | 'BAD_RULE';

const KEY_RE = /^[a-z][a-z0-9_]{1,39}$/;

/** What is wrong with an administrator's tag definition (empty when nothing), checked against the catalogue it joins. */
export function tagDefinitionProblems(tag: TagDefinition, others: readonly TagDefinition[] = []): TagDefinitionProblem[] {
  const out: TagDefinitionProblem[] = [];
  if (!KEY_RE.test(tag.key)) out.push('KEY');
  if (others.some((o) => o !== tag && o.key === tag.key)) out.push('DUPLICATE_KEY');
  if (tag.zh.trim() === '' || tag.en.trim() === '' || tag.zh.length > 40 || tag.en.length > 80) out.push('NAME');
  const levels = tag.managementLevels ?? [];
  if (tag.sensitive && levels.length === 0) out.push('LEVELS_REQUIRED');
  if (!tag.sensitive && levels.length > 0) out.push('LEVELS_NOT_ALLOWED');
  if (levels.some((l) => !MANAGEMENT_LEVEL_KEYS.includes(l))) out.push('UNKNOWN_LEVEL');
  if ((tag.visibleTo ?? []).some((r) => !(ROLE_KEYS as readonly string[]).includes(r))) out.push('UNKNOWN_ROLE');
  const rule = tag.rule;
  if (rule?.kind === 'minAge' && !(Number.isInteger(rule.years) && rule.years > 0 && rule.years < 150)) out.push('BAD_RULE');
  if (rule?.kind === 'residenceStatus' && !RESIDENCE_STATUSES.some((s) => s.key === rule.status)) out.push('BAD_RULE');
  return out;
}
