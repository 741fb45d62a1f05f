// Where a case comes from (GB/T 30428 信息采集: patrol, public, hotline, video …). Stored as keys; shown in the user's
// language. The source does not change the loop: every case starts as `reported` (see workflow.ts).

export const CASE_SOURCES = [
  { key: 'patrol', zh: '网格巡查', en: 'Grid patrol' },
  { key: 'resident', zh: '居民上报', en: 'Resident report' },
  { key: 'hotline', zh: '12345热线', en: '12345 hotline' },
  { key: 'referral', zh: '部门转办', en: 'Department referral' },
  { key: 'video', zh: '视频巡查', en: 'Video patrol' },
  { key: 'api', zh: '接口', en: 'API client' },
] as const;

export type CaseSource = (typeof CASE_SOURCES)[number]['key'];
export const CASE_SOURCE_KEYS: readonly CaseSource[] = CASE_SOURCES.map((s) => s.key);

export const isCaseSource = (value: string): value is CaseSource => (CASE_SOURCE_KEYS as readonly string[]).includes(value);
export const caseSourceLabel = (key: string) => CASE_SOURCES.find((s) => s.key === key);
