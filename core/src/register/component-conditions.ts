// The condition (状态) of a city component as grid workers record it on patrol.
export const COMPONENT_CONDITIONS = [
  { key: 'intact', zh: '完好', en: 'Intact' },
  { key: 'damaged', zh: '损坏', en: 'Damaged' },
  { key: 'missing', zh: '丢失', en: 'Missing' },
  { key: 'occupied', zh: '占用', en: 'Occupied' },
  { key: 'removed', zh: '移除', en: 'Removed' },
] as const;

export type ComponentCondition = (typeof COMPONENT_CONDITIONS)[number]['key'];
export const COMPONENT_CONDITION_KEYS: readonly ComponentCondition[] = COMPONENT_CONDITIONS.map((c) => c.key);
