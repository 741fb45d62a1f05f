// Who a case (or a routing rule, or a 协办 request) goes to: a department (城管, 物业 …) or a
// territory node (a community handles it itself).
export const UNIT_TYPES = ['department', 'org_unit'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];
