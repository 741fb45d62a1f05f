// Announcements (信息公布) and residents' questions (咨询建议): the fixed lists both sides share.

/** What a notice is about; the resident page groups and colours by it. */
export const NOTICE_CATEGORIES = [
  { key: 'notice', zh: '通知', en: 'Notice' },
  { key: 'policy', zh: '政策', en: 'Policy' },
  { key: 'activity', zh: '活动', en: 'Activity' },
  { key: 'guide', zh: '办事指南', en: 'How-to guide' },
] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number]['key'];
export const NOTICE_CATEGORY_KEYS: readonly NoticeCategory[] = NOTICE_CATEGORIES.map((c) => c.key);

/** Whether a published notice shows on `today` (YYYY-MM-DD): from its publish date to its expiry date, both included. */
export const noticeShowsOn = (n: { publishOn: string; expireOn: string | null; status: string }, today: string): boolean =>
  n.status === 'published' && n.publishOn <= today && (n.expireOn === null || n.expireOn >= today);

export const CONSULTATION_KINDS = [
  { key: 'question', zh: '咨询', en: 'Question' },
  { key: 'suggestion', zh: '建议', en: 'Suggestion' },
] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number]['key'];
export const CONSULTATION_KIND_KEYS: readonly ConsultationKind[] = CONSULTATION_KINDS.map((c) => c.key);

/** open: waiting for staff; answered; case: turned into a case (its answer says so); proxy: pointed to a proxy service (代办). */
export const CONSULTATION_STATES = [
  { key: 'open', zh: '待答复', en: 'Waiting for an answer' },
  { key: 'answered', zh: '已答复', en: 'Answered' },
  { key: 'case', zh: '已转案件', en: 'Turned into a case' },
  { key: 'proxy', zh: '已转代办', en: 'Pointed to a proxy service' },
] as const;
export type ConsultationState = (typeof CONSULTATION_STATES)[number]['key'];
export const CONSULTATION_STATE_KEYS: readonly ConsultationState[] = CONSULTATION_STATES.map((c) => c.key);
