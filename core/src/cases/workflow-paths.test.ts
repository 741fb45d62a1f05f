// Each path of the case loop (GB/T 30428 and the seeds' side paths) walked step by step through the table, with a tiny stand-in for the server that
// keeps the case flags the effects change: the effects must be enough to drive the next step.
import { describe, expect, it } from 'vitest';
import { type Action, type ActionInput, type Actor, allowedActions, apply, type CaseFlags, type Effect, NO_FLAGS, type State } from './workflow.js';

const TODAY = '2026-11-24';

const PEOPLE = {
  communityDispatcher: { roles: ['dispatcher'], relations: { canSupervise: true } },
  streetDispatcher: { roles: ['dispatcher'], relations: { canSupervise: true } },
  handler: { roles: ['dept_handler'], relations: { inHandlingUnit: true } },
  secretary: { roles: ['community_secretary'], relations: { inHandlingUnit: true } },
  coordinator: { roles: ['dept_handler'], relations: { inCoordinatingUnit: true } },
  gridWorker: { roles: ['grid_worker_a'], relations: { inCaseGrid: true } },
  patrollingGridWorker: { roles: ['grid_worker_b'], relations: { inCaseGrid: true, isReporter: true } },
  resident: { roles: [], relations: { isReporter: true } },
} satisfies Record<string, Actor>;
type Person = keyof typeof PEOPLE;
type Step = [Person, Action, ActionInput?];

interface Case {
  state: State;
  flags: CaseFlags;
  level: number; // 0 community, 1 street, 2 district
  reworks: number;
  reopens: number;
  effects: Effect[];
}

// What the server would record for the effects the walk looks at.
function carryOut(c: Case, effect: Effect, input: ActionInput): void {
  const f = c.flags;
  if (effect === 'openExtensionRequest') f.hasPendingExtension = true;
  if (effect === 'approveExtensionRequest' || effect === 'denyExtensionRequest' || effect === 'cancelExtensionRequest') f.hasPendingExtension = false;
  if (effect === 'recordRating') Object.assign(f, { rated: true, lastRating: input.rating });
  if (effect === 'clearRating') Object.assign(f, { rated: false, lastRating: null });
  if (effect === 'markFixOnSpot') f.fixOnSpot = true;
  if (effect === 'raiseLevel') f.atTopLevel = ++c.level === 2;
  if (effect === 'incrementRework') c.reworks++;
  if (effect === 'incrementReopen') c.reopens++;
}

function walk(steps: readonly Step[]): Case {
  const c: Case = { state: 'reported', flags: { ...NO_FLAGS }, level: 0, reworks: 0, reopens: 0, effects: [] };
  for (const [person, action, input = {}] of steps) {
    const actor = PEOPLE[person];
    expect(allowedActions(c.state, actor, c.flags), `${person} ${action} from ${c.state}`).toContain(action);
    const result = apply(c.state, action, input, { today: TODAY, flags: c.flags });
    if (!result.ok) throw new Error(`${action} from ${c.state}: ${result.en}`);
    for (const effect of result.effects) carryOut(c, effect, input);
    c.effects.push(...result.effects);
    c.state = result.to;
  }
  return c;
}

const dispatch = (unit = 'unit-cg'): Step => ['communityDispatcher', 'dispatch', { unit }];
const handle: Step = ['handler', 'handle', { note: '已清理', photos: ['after.jpg'] }];
const pass: Step = ['gridWorker', 'verifyPass', { photos: ['site.jpg'] }];
const loop: Step[] = [['communityDispatcher', 'register'], dispatch(), ['handler', 'accept'], handle, pass];

const PATHS: { name: string; steps: Step[]; state: State; check?: (c: Case) => void }[] = [
  {
    name: 'full loop, rated 满意',
    steps: [...loop, ['resident', 'rate', { rating: 'satisfied', comment: '很快' }]],
    state: 'closed',
    check: (c) => expect(c.flags).toMatchObject({ rated: true, lastRating: 'satisfied' }),
  },
  { name: 'reject (不予立案)', steps: [['communityDispatcher', 'reject', { reason: '属于民事纠纷，已告知诉讼途径' }]], state: 'rejected' },
  {
    name: 'merge a duplicate',
    steps: [['communityDispatcher', 'merge', { target: 'case-0001' }]],
    state: 'merged',
    check: (c) => expect(c.effects).toEqual(expect.arrayContaining(['linkToTarget', 'addReporterToTarget', 'stopDeadline'])),
  },
  {
    name: 'return a mis-dispatch, then dispatch again',
    steps: [['communityDispatcher', 'register'], dispatch('unit-sz'), ['handler', 'return', { reason: '非本单位职责' }], dispatch('unit-cg'), ['handler', 'accept'], handle, pass],
    state: 'closed',
    check: (c) => expect(c.effects).toContain('clearHandlingUnit'),
  },
  {
    name: 'extension approved',
    steps: [...loop.slice(0, 3), ['handler', 'requestExtension', { reason: '需采购配件', extendTo: '2026-12-01' }], ['communityDispatcher', 'approveExtension'], handle, pass],
    state: 'closed',
    check: (c) => expect(c.effects).toContain('extendDeadline'),
  },
  {
    name: 'extension denied, asked again, lapses when handled',
    steps: [
      ...loop.slice(0, 3),
      ['handler', 'requestExtension', { reason: '需采购配件', extendTo: '2026-12-10' }],
      ['communityDispatcher', 'denyExtension', { reason: '可先临时处置' }],
      ['handler', 'requestExtension', { reason: '配件缺货', extendTo: '2026-12-03' }],
      handle,
      pass,
    ],
    state: 'closed',
    check: (c) => expect(c.flags.hasPendingExtension).toBe(false),
  },
  {
    name: 'coordination (协办) keeps the state',
    steps: [...loop.slice(0, 3), ['handler', 'coordinate', { units: ['unit-sz'], reason: '需停水配合' }], ['coordinator', 'reportCoordination', { note: '已停水' }], handle, pass],
    state: 'closed',
  },
  {
    name: 'rework (返工) once, then pass',
    steps: [...loop.slice(0, 4), ['gridWorker', 'verifyFail', { reason: '仍有积水', photos: ['still.jpg'] }], handle, pass],
    state: 'closed',
    check: (c) => expect(c.reworks).toBe(1),
  },
  {
    name: 'escalate community → street → district, then solved there',
    steps: [
      ['communityDispatcher', 'register'],
      dispatch('community-1'),
      ['secretary', 'accept'],
      ['secretary', 'escalate', { reason: '涉及多个社区，社区无法协调' }],
      ['streetDispatcher', 'escalate', { reason: '需区级部门审批' }],
      ['streetDispatcher', 'dispatch', { unit: 'district-housing' }],
      ['handler', 'accept'],
      handle,
      pass,
    ],
    state: 'closed',
    check: (c) => {
      expect(c.level).toBe(2);
      expect(allowedActions('registered', PEOPLE.streetDispatcher, c.flags)).not.toContain('escalate');
    },
  },
  {
    name: 'suspend (挂账) with a review date, resume, finish',
    steps: [...loop.slice(0, 3), ['communityDispatcher', 'suspend', { reason: '待老旧小区改造统一解决', reviewDate: '2027-03-01' }], ['communityDispatcher', 'resume'], dispatch(), ['handler', 'accept'], handle, pass],
    state: 'closed',
    check: (c) => expect(c.effects).toEqual(expect.arrayContaining(['scheduleReview', 'clearReview', 'notifyReporter'])),
  },
  {
    name: 'rated 不满意, reopened, handled again, rated again',
    steps: [
      ...loop,
      ['resident', 'rate', { rating: 'dissatisfied', comment: '只清了一半' }],
      ['communityDispatcher', 'reopen', { reason: '回访不满意' }],
      dispatch(),
      ['handler', 'accept'],
      handle,
      pass,
      ['communityDispatcher', 'rate', { rating: 'basically_satisfied' }],
    ],
    state: 'closed',
    check: (c) => expect([c.reopens, c.flags.lastRating]).toEqual([1, 'basically_satisfied']),
  },
  {
    name: 'fixed on the spot (现场解决), nothing to rate',
    steps: [['patrollingGridWorker', 'fixOnSpot']],
    state: 'closed',
    check: (c) => {
      expect(c.effects).toEqual(['markFixOnSpot', 'stopDeadline']);
      expect(allowedActions('closed', PEOPLE.patrollingGridWorker, c.flags)).toEqual([]);
      expect(allowedActions('closed', PEOPLE.communityDispatcher, c.flags)).toEqual([]);
    },
  },
  {
    name: 'supervise and urge (督办/催办) change nothing but flags',
    steps: [...loop.slice(0, 3), ['communityDispatcher', 'supervise', { reason: '临近超时' }], ['communityDispatcher', 'urge'], handle, ['communityDispatcher', 'urge'], pass],
    state: 'closed',
    check: (c) => expect(c.effects.filter((e) => e === 'countUrge')).toHaveLength(2),
  },
];

describe('paths of the case loop', () => {
  it.each(PATHS)('$name', ({ steps, state, check }) => {
    const c = walk(steps);
    expect(c.state).toBe(state);
    check?.(c);
  });
});
