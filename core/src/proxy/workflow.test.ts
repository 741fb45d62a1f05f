import { describe, expect, it } from 'vitest';
import { PROXY_WORKFLOW, proxyAllowedActions, proxyApply, type ProxyActor } from './workflow.js';

const today = '2026-12-03';
const agent: ProxyActor = { roles: ['proxy_agent'], relations: { isAgent: true } };
const otherAgent: ProxyActor = { roles: ['proxy_agent'], relations: {} };
const secretary: ProxyActor = { roles: ['community_secretary'], relations: { canSupervise: true } };
const resident: ProxyActor = { roles: [], relations: { isRequester: true } };
const idCard = [{ name: '居民身份证', form: 'both' as const, copies: 1 }];

describe('the proxy request loop', () => {
  it('委托 → 受理 → 办理 → 送达 → 归档 → 评价, each step starting or stopping its limit', () => {
    expect(PROXY_WORKFLOW.definition.initial).toBe('entrusted');
    expect(proxyApply('entrusted', 'accept', {}, { today })).toEqual({ ok: true, to: 'handling', effects: ['notifyRequester', 'startDeadline'] });
    expect(proxyApply('handling', 'receiveMaterials', { materials: idCard }, { today })).toEqual({ ok: true, to: 'handling', effects: ['recordHandover'] });
    expect(proxyApply('handling', 'deliver', { note: '居住证已办好，交本人' }, { today })).toEqual({ ok: true, to: 'delivered', effects: ['recordResult', 'notifyRequester', 'startDeadline'] });
    expect(proxyApply('delivered', 'archive', {}, { today })).toEqual({ ok: true, to: 'archived', effects: ['stopDeadline'] });
    expect(proxyApply('archived', 'rate', { rating: 'satisfied' }, { today })).toEqual({ ok: true, to: 'archived', effects: ['recordRating'] });
    expect(proxyApply('archived', 'rate', { rating: 'dissatisfied' }, { today })).toMatchObject({ ok: true, effects: ['recordRating', 'notifySupervisors'] });
    expect(proxyApply('archived', 'rate', { rating: 'satisfied' }, { today, flags: { rated: true } })).toMatchObject({ ok: false, kind: 'guard', code: 'ALREADY_RATED' });
  });

  it('who may do what: the agent works it, the community supervises, the resident may withdraw and rate', () => {
    expect(proxyAllowedActions('entrusted', agent)).toEqual(['accept', 'receiveMaterials', 'transfer', 'terminate']);
    expect(proxyAllowedActions('entrusted', otherAgent)).toEqual([]);
    expect(proxyAllowedActions('handling', secretary)).toEqual(['transfer', 'terminate', 'urge']);
    expect(proxyAllowedActions('handling', resident)).toEqual(['terminate']);
    expect(proxyAllowedActions('archived', resident)).toEqual(['rate']);
    expect(proxyAllowedActions('archived', resident, { rated: true })).toEqual([]);
    expect(proxyAllowedActions('terminated', agent)).toEqual(['returnMaterials']);
  });

  it('refuses steps the state does not allow and inputs that are missing, in Chinese', () => {
    expect(proxyApply('archived', 'deliver', { note: '已送达' }, { today })).toMatchObject({ ok: false, kind: 'state', zh: '「已办结」的代办事项不能「送达」' });
    expect(proxyApply('handling', 'terminate', { reason: '  ' }, { today })).toMatchObject({ ok: false, kind: 'input', code: 'REASON_REQUIRED' });
    expect(proxyApply('handling', 'transfer', { reason: '休假' }, { today })).toMatchObject({ ok: false, code: 'AGENT_REQUIRED' });
    expect(proxyApply('handling', 'receiveMaterials', { materials: [] }, { today })).toMatchObject({ ok: false, code: 'MATERIALS_REQUIRED' });
    expect(proxyApply('handling', 'receiveMaterials', { materials: [{ name: '户口簿', form: 'original', copies: 0 }] }, { today })).toMatchObject({ ok: false, code: 'MATERIAL_COPIES' });
    expect(proxyApply('archived', 'rate', { rating: 'great' }, { today })).toMatchObject({ ok: false, code: 'RATING_INVALID' });
  });

  it('transfer and materials keep the running limit; termination stops it', () => {
    expect(proxyApply('handling', 'transfer', { agentId: 7, reason: '原代办员休假' }, { today })).toEqual({ ok: true, to: 'handling', effects: ['setAgent', 'notifyAgent', 'notifyRequester'] });
    expect(proxyApply('entrusted', 'terminate', { reason: '居民已自行办理' }, { today })).toEqual({ ok: true, to: 'terminated', effects: ['notifyRequester', 'notifyAgent', 'stopDeadline'] });
  });
});
