import { describe, expect, it } from 'vitest';
import { defineWorkflow, definitionProblems, problem, type WorkflowDefinition } from './engine.js';

// A tiny workflow that is not a case: a key handed over to a contractor and returned.
interface KeyInput {
  note?: string;
  contractor?: string;
}
interface KeyFlags {
  keyInSafe: boolean;
}

const text = (value: string | undefined, required: boolean) => {
  const t = value?.trim() ?? '';
  if (!t) return required ? problem('NOTE_REQUIRED', '请填写说明', 'A note is required') : null;
  return t.length > 20 ? problem('TEXT_TOO_LONG', '说明太长', 'The note is too long') : null;
};

const keys = {
  subject: { zh: '钥匙', en: 'key' },
  states: [
    { key: 'requested', zh: '待交接', en: 'Requested', step: 'handOver', holder: 'keeper' },
    { key: 'out', zh: '已借出', en: 'Out', step: 'giveBack', holder: 'contractor' },
    { key: 'back', zh: '已归还', en: 'Back' },
    { key: 'refused', zh: '已拒绝', en: 'Refused' },
  ],
  initial: 'requested',
  terminal: ['back', 'refused'],
  steps: [
    { key: 'handOver', zh: '交接', en: 'Hand over', limit: { amount: 4, unit: 'working_hours' } },
    { key: 'giveBack', zh: '归还', en: 'Give back', limit: { amount: 2, unit: 'working_days' } },
  ],
  relations: ['isKeeper', 'isContractor'],
  actions: [
    { action: 'handOver', zh: '交钥匙', en: 'Hand over', from: ['requested'], to: 'out', actors: [{ roles: ['keeper'], relation: 'isKeeper' }], requires: ['contractor'], guard: 'inSafe', effects: ['recordContractor'] },
    { action: 'refuse', zh: '拒绝', en: 'Refuse', from: ['requested'], to: 'refused', actors: [{ roles: ['keeper'], relation: 'isKeeper' }], requires: ['note'], effects: [], also: [{ when: { note: '遗失' }, effects: ['reportLoss'] }] },
    { action: 'remind', zh: '提醒', en: 'Remind', from: ['out'], to: 'same', actors: [{ roles: ['keeper'], relation: 'isKeeper' }], requires: [], effects: ['remind'] },
    { action: 'giveBack', zh: '还钥匙', en: 'Give back', from: ['out'], to: 'back', actors: [{ roles: 'anyone', relation: 'isContractor' }], requires: [], effects: [] },
  ],
  guards: { inSafe: (f) => (f.keyInSafe ? null : problem('KEY_MISSING', '钥匙不在柜中', 'The key is not in the safe')) },
  noFlags: { keyInSafe: true } as KeyFlags,
  inputs: {
    note: (i) => text(i.note, true),
    'note?': (i) => text(i.note, false),
    contractor: (i) => (i.contractor ? null : problem('CONTRACTOR_REQUIRED', '请填写领取人', 'Who takes the key?')),
  },
  everyStepTakes: ['note?'],
} satisfies WorkflowDefinition<string, string, string, string, string, string, KeyFlags, KeyInput>;

const flow = defineWorkflow(keys);
const keeper = { roles: ['keeper'], relations: { isKeeper: true } };
const contractor = { roles: [], relations: { isContractor: true } };
const ctx = { today: '2026-12-02' };

describe('the workflow engine', () => {
  it('asks roles and relation together: a keeper of another office may not hand over', () => {
    expect(flow.can('handOver', 'requested', keeper)).toBe(true);
    expect(flow.can('handOver', 'requested', { roles: ['keeper'], relations: {} })).toBe(false);
    expect(flow.can('handOver', 'requested', { roles: ['clerk'], relations: { isKeeper: true } })).toBe(false);
    expect(flow.can('giveBack', 'out', contractor)).toBe(true); // 'anyone' standing in the relation
    expect(flow.can('giveBack', 'requested', contractor)).toBe(false);
  });

  it('lists the allowed actions in definition order, leaving out those a guard blocks', () => {
    expect(flow.allowedActions('requested', keeper)).toEqual(['handOver', 'refuse']);
    expect(flow.allowedActions('requested', keeper, { keyInSafe: false })).toEqual(['refuse']);
    expect(flow.allowedActions('back', keeper)).toEqual([]);
  });

  it('applies: new state, the effects in order, then the deadline of the state entered', () => {
    expect(flow.apply('requested', 'handOver', { contractor: '李师傅' }, ctx)).toEqual({ ok: true, to: 'out', effects: ['recordContractor', 'startDeadline'] });
    expect(flow.apply('requested', 'refuse', { note: '不在名单' }, ctx)).toEqual({ ok: true, to: 'refused', effects: ['stopDeadline'] });
    expect(flow.apply('requested', 'refuse', { note: '遗失' }, ctx)).toEqual({ ok: true, to: 'refused', effects: ['stopDeadline', 'reportLoss'] });
    // A step that keeps the state keeps its running limit.
    expect(flow.apply('out', 'remind', {}, ctx)).toEqual({ ok: true, to: 'out', effects: ['remind'] });
  });

  it('says why not, and what kind of refusal it is', () => {
    expect(flow.apply('back', 'giveBack', {}, ctx)).toMatchObject({ ok: false, kind: 'state', code: 'INVALID_TRANSITION', zh: '「已归还」的钥匙不能「还钥匙」', en: 'A key that is back cannot take “Give back”' });
    expect(flow.apply('requested', 'handOver', { contractor: '李师傅' }, { ...ctx, flags: { keyInSafe: false } })).toMatchObject({ ok: false, kind: 'guard', code: 'KEY_MISSING' });
    expect(flow.apply('requested', 'handOver', {}, ctx)).toMatchObject({ ok: false, kind: 'input', code: 'CONTRACTOR_REQUIRED' });
    // The optional note every step takes is still checked, unless the step asks for its own.
    expect(flow.apply('out', 'remind', { note: '长'.repeat(21) }, ctx)).toMatchObject({ ok: false, kind: 'input', code: 'TEXT_TOO_LONG' });
    expect(flow.apply('requested', 'refuse', {}, ctx)).toMatchObject({ ok: false, code: 'NOTE_REQUIRED' });
  });

  it('answers the step and holder of each state', () => {
    expect(flow.stepIn('out')).toBe('giveBack');
    expect(flow.stepIn('back')).toBeNull();
    expect(flow.holderIn('requested')).toBe('keeper');
    expect(flow.openStates).toEqual(['requested', 'out']);
  });

  it('refuses a definition that names what it does not declare', () => {
    const broken = {
      ...keys,
      initial: 'lost',
      actions: [...keys.actions, { action: 'remind', zh: '提醒', en: 'Remind', from: ['nowhere'], to: 'gone', actors: [{ roles: ['keeper'], relation: 'isOwner' }], requires: ['photo'], guard: 'sunny', effects: [] }],
    };
    expect(definitionProblems(broken)).toEqual([
      'initial state lost is not a state',
      'action remind is defined twice',
      'action remind: unknown state nowhere',
      'action remind: unknown state gone',
      'action remind: unknown relation isOwner',
      'action remind: unknown input photo',
      'action remind: unknown guard sunny',
    ]);
    expect(() => defineWorkflow(broken)).toThrow(/invalid workflow definition \(key\)/);
  });
});
