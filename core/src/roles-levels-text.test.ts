import { describe, expect, it } from 'vitest';
import { inRoleGroup, permissionsOf, ROLE_GROUPS, ROLES } from './roles.js';
import { canHoldRecords, canNest, DEFAULT_LEVELS, levelTableProblem } from './territory-levels.js';
import { hasVisibleText, isCleanName, textProblem } from './text-rules.js';

describe('roles', () => {
  it('give the leader read-only permissions and the admin all', () => {
    expect(permissionsOf(['leader']).some((p) => p.endsWith('.write'))).toBe(false);
    expect(permissionsOf(['admin'])).toHaveLength(ROLES[0]!.permissions.length);
    expect(permissionsOf(['grid_worker_a', 'leader'])).toContain('audit.read');
    expect(permissionsOf(['no_such_role'])).toEqual([]);
  });
  it('group the field roles once: grid workers handle and verify, dispatchers do neither', () => {
    expect(inRoleGroup(['grid_worker_b'], 'gridWorkers')).toBe(true);
    expect(inRoleGroup(['dispatcher', 'leader'], 'gridWorkers')).toBe(false);
    expect(ROLE_GROUPS.gridWorkers.every((r) => inRoleGroup([r], 'handlers'))).toBe(true);
    for (const role of ROLE_GROUPS.gridWorkers) expect(permissionsOf([role])).toContain('case.verify');
    for (const role of ROLE_GROUPS.handlers) expect(permissionsOf([role])).toContain('case.handle');
    expect(permissionsOf(['dispatcher'])).toContain('case.dispatch');
  });
});

describe('territory levels', () => {
  it('nest strictly deeper, skipping allowed', () => {
    expect(canNest(1, 2)).toBe(true);
    expect(canNest(2, 3)).toBe(true);
    expect(canNest(3, 5)).toBe(true); // a building in a grid without unit grids
    expect(canNest(2, 5)).toBe(false); // a building in a community: the grid is missing
    expect(canNest(1, 3)).toBe(false); // a grid directly in a street
    const threeLevels = [DEFAULT_LEVELS[1]!, DEFAULT_LEVELS[3]!, DEFAULT_LEVELS[5]!].map((l, i) => ({ ...l, level: i }));
    expect(canNest(0, 1, threeLevels)).toBe(true); // street → grid where the table has no community
    expect([0, 1, 2, 3, 4, 5].map((l) => canHoldRecords(l))).toEqual([false, false, false, true, true, true]);
    expect([0, 1, 2].map((l) => canHoldRecords(l, threeLevels))).toEqual([false, true, true]);
    expect(canNest(2, 2)).toBe(false);
  });
  it('validate the level table', () => {
    expect(levelTableProblem(DEFAULT_LEVELS)).toBeNull();
    expect(levelTableProblem([DEFAULT_LEVELS[0]!])).toMatch(/two levels/);
    expect(levelTableProblem([DEFAULT_LEVELS[0]!, DEFAULT_LEVELS[2]!])).toMatch(/numbered/);
    expect(levelTableProblem([DEFAULT_LEVELS[0]!, { ...DEFAULT_LEVELS[1]!, key: 'district' }])).toMatch(/duplicate/);
  });
});

describe('names', () => {
  it('allow real names and refuse markup and statement delimiters', () => {
    for (const ok of ['通信花园社区', '纬五路13号院', '金水区（花园路）第3网格', 'Zhang San', '阿卜杜·热合曼']) expect(isCleanName(ok), ok).toBe(true);
    for (const bad of ['<b>网格</b>', "a'; drop", '网格;', ' 空格', '空格 ', '']) expect(isCleanName(bad), bad).toBe(false);
  });
});

describe('free text the database can store and a reader can see', () => {
  it('names what cannot be stored as typed', () => {
    expect(textProblem('井盖丢失，已设置警示')).toBeNull();
    expect(textProblem('表情 👍 与换行\n制表\t')).toBeNull();
    expect(textProblem('a\u0000b')).toBe('nul');
    expect(textProblem('\ud800')).toBe('surrogate');
    expect(textProblem('x\udc00')).toBe('surrogate');
    expect(textProblem('\ud83d\udc4d')).toBeNull();
    expect(textProblem('门牌\u202e10')).toBe('bidi');
    expect(textProblem('\u2066隔离\u2069')).toBe('bidi');
  });

  it('requires something visible', () => {
    for (const blank of ['', ' ', '\u3000', '\u200b\u200c\u200d', '\ufeff\u00a0', '\u2060\n\t', '\u00ad']) expect(hasVisibleText(blank), JSON.stringify(blank)).toBe(false);
    for (const text of ['a', '。', '👍', ' 路灯 ', '\u200b1']) expect(hasVisibleText(text)).toBe(true);
  });
});
