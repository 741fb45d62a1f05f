import { describe, expect, it } from 'vitest';
import { SHOP_WORKFLOW } from './workflow.js';

const desk = { roles: ['community_secretary'], relations: { canSupervise: true } };
const resident = { roles: [], relations: { isCustomer: true } };
const ctx = { today: '2026-12-03', flags: { rated: false } };

describe('the service order workflow', () => {
  it('点单 → 接单 → 完成: the desk’s steps, with the limits of each', () => {
    expect(SHOP_WORKFLOW.allowedActions('ordered', desk, { rated: false })).toEqual(['accept', 'urge', 'reassign', 'cancel']);
    expect(SHOP_WORKFLOW.apply('ordered', 'accept', {}, ctx)).toMatchObject({ ok: true, to: 'accepted', effects: ['recordAcceptance', 'startDeadline'] });
    expect(SHOP_WORKFLOW.apply('accepted', 'complete', {}, ctx)).toMatchObject({ ok: false, kind: 'input', code: 'NOTE_REQUIRED' });
    expect(SHOP_WORKFLOW.apply('accepted', 'complete', { note: '已上门' }, ctx)).toMatchObject({ ok: true, to: 'completed', effects: ['recordCompletion', 'stopDeadline'] });
  });

  it('改派 goes back to 待接单 with a new limit; it needs a provider and a reason', () => {
    expect(SHOP_WORKFLOW.apply('accepted', 'reassign', { reason: '人手不足' }, ctx)).toMatchObject({ ok: false, code: 'PROVIDER_REQUIRED' });
    expect(SHOP_WORKFLOW.apply('accepted', 'reassign', { providerId: 3, reason: '人手不足' }, ctx)).toMatchObject({ ok: true, to: 'ordered', effects: ['setProvider', 'startDeadline'] });
  });

  it('the resident cancels an open order and rates a done one, once; a grid worker has no step', () => {
    expect(SHOP_WORKFLOW.allowedActions('ordered', resident, { rated: false })).toEqual(['cancel']);
    expect(SHOP_WORKFLOW.allowedActions('completed', resident, { rated: false })).toEqual(['rate']);
    expect(SHOP_WORKFLOW.allowedActions('completed', resident, { rated: true })).toEqual([]);
    expect(SHOP_WORKFLOW.apply('completed', 'rate', { rating: 'satisfied' }, { today: '2026-12-03', flags: { rated: true } })).toMatchObject({ ok: false, code: 'ALREADY_RATED' });
    expect(SHOP_WORKFLOW.allowedActions('ordered', { roles: ['grid_worker_a'], relations: { canSupervise: true } }, { rated: false })).toEqual([]);
  });
});
