// The field app with no signal, against the real server and the demo street (CONTRACT.md):
// (1) 赵立新 goes offline, makes a quick report with a photo, a 现场解决 and a visit log, reloads the
//     app still offline (it opens from the service worker, the three actions still waiting), comes
//     back online: both cases reach the leader's live board exactly once with the phone's time, and
//     the visit is in the household's log;
// (2) 200 queued actions are sent while the network drops three times: every one arrives exactly
//     once (checked through the API);
// (3) he verifies a case offline that 陈静 verified meanwhile: the conflict is shown with who did
//     what when, and nothing is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { gradientPng } from '../server/src/seed/gradient-png';
import { DEMO_ADMIN } from './flows';
import { apiAs, badgeCount, fieldSignIn, openField, pointInGrid, seedOutbox, waitForServiceWorker, type ApiClient, type FieldSession } from './field-harness';

let field: FieldSession;
let phone: Page;
let leaderApi: ApiClient;
const RUN = Date.now().toString(36).slice(-5);
const photo = (name: string) => ({ name, mimeType: 'image/png', buffer: gradientPng(64, 48) });

interface CaseRow {
  id: number;
  number: string;
  description: string;
  reportedClientAt?: string | null;
}

beforeAll(async () => {
  field = await openField('field-offline');
  phone = await field.phone('gridworker phone');
  await fieldSignIn(phone, 'gridworker', 'Field2026grid');
  await waitForServiceWorker(phone);
  await phone.getByTestId('m-snapshot-at').filter({ hasText: '数据更新于' }).waitFor({ timeout: 60_000 });
  leaderApi = await apiAs(field.server.baseUrl, 'leader', DEMO_ADMIN.initialPassword, 'Board2026view');
  await phone.context().setGeolocation(await pointInGrid(leaderApi, '通信花园社区第一网格'));
}, 600_000);

afterAll(() => field?.close());

async function quickReport(description: string, fixOnSpot: boolean): Promise<void> {
  await phone.getByTestId('tab-report').click();
  await phone.getByTestId('report-photo-input').setInputFiles(photo('现场.png'));
  await phone.getByText(/已压缩为 \d+ KB/).waitFor();
  await phone.getByTestId('report-gps').click();
  await phone.getByTestId('report-place').waitFor();
  await phone.getByTestId('report-category-search').fill('井盖');
  await phone.getByTestId('report-category-option').first().click();
  await phone.getByTestId('report-description').fill(description);
  // The switch is a styled checkbox: the worker taps its label.
  if (fixOnSpot) await phone.locator('label', { has: phone.getByTestId('report-fix-on-spot') }).click();
  await phone.getByTestId('report-submit').click();
  await phone.getByTestId('report-saved').waitFor();
}

describe('offline first', () => {
  it('(1) a report, a 现场解决 and a visit made offline survive a reload and arrive once, with the phone time', async () => {
    const reportText = `3号楼东侧井盖松动，行人易绊倒 ${RUN}`;
    const fixText = `5号楼门前堆放杂物已现场清理 ${RUN}`;
    const visitText = `入户了解老人近况，身体尚可 ${RUN}`;

    await phone.context().setOffline(true);
    const offlineFrom = Date.now();
    await quickReport(reportText, false);
    await quickReport(fixText, true);

    await phone.getByTestId('tab-residents').click();
    await phone.getByTestId('m-household-row').first().click();
    await phone.getByTestId('m-household-card').waitFor();
    const householdId = Number(/\/residents\/(\d+)/.exec(phone.url())![1]);
    await phone.getByTestId('m-log-visit').click();
    await phone.getByTestId('m-visit-findings').fill(visitText);
    await phone.getByTestId('m-visit-save').click();
    await phone.getByTestId('m-household-card').waitFor();
    await expect.poll(() => badgeCount(phone)).toBe(3);

    // Still offline: the app opens from the service worker with the three actions waiting.
    await phone.reload();
    await phone.getByTestId('m-offline').waitFor();
    await phone.getByTestId('tab-outbox').click();
    await expect.poll(() => phone.getByTestId('m-waiting-item').count()).toBe(3);
    await expect.poll(() => badgeCount(phone)).toBe(3);

    // The leader's live board, open before the phone comes back.
    const board = await field.desk('leader board');
    await board.goto('/login');
    await board.getByTestId('login-username').fill('leader');
    await board.getByTestId('login-password').fill('Board2026view');
    await board.getByTestId('login-submit').click();
    await board.waitForURL(/\/overview/);
    await board.goto('/board');
    await expect.poll(() => board.getByTestId('board-live').textContent()).toContain('实时');

    await phone.context().setOffline(false);
    await phone.getByTestId('m-outbox-empty').waitFor({ timeout: 60_000 });
    expect(await badgeCount(phone)).toBe(0);

    for (const text of [reportText, fixText]) {
      const found = await leaderApi.call<{ items: CaseRow[] }>('GET', `/api/cases?q=${encodeURIComponent(RUN)}&pageSize=50`);
      const rows = found.data.items.filter((c) => c.description.includes(text.slice(0, 8)));
      expect(rows, text).toHaveLength(1);
      const row = rows[0]!;
      // The phone's time of the action, not the time it was sent.
      expect(row.reportedClientAt, 'reportedClientAt').toBeTruthy();
      expect(Date.parse(row.reportedClientAt!)).toBeGreaterThanOrEqual(offlineFrom - 1000);
      expect(Date.parse(row.reportedClientAt!)).toBeLessThan(Date.now());
      await board.getByTestId(`board-case-${row.number}`).waitFor();
      expect(await board.getByTestId(`board-case-${row.number}`).count()).toBe(1);
    }

    const visits = await leaderApi.call<{ items: { findings: string; visitedAt: string }[] }>('GET', `/api/register/visits?householdId=${householdId}&pageSize=50`);
    expect(visits.data.items.filter((v) => v.findings === visitText)).toHaveLength(1);
    // And on the phone's household card once it reads the log again.
    await phone.goto(`/m/residents/${householdId}`);
    await expect.poll(() => phone.getByTestId('m-visit-log').textContent()).toContain(visitText);
  });

  it('(2) 200 queued actions arrive exactly once although the network drops three times while sending', async () => {
    const gw = await apiAs(field.server.baseUrl, 'gridworker', 'Field2026grid');
    const households = await gw.call<{ households: { id: number }[] }>('GET', '/api/field/snapshot');
    const householdId = households.data.households[0]!.id;
    const tag = `批量${RUN}`;
    const actions = Array.from({ length: 200 }, (_, n) => ({
      kind: 'visit',
      title: `走访 ${n + 1}`,
      method: 'POST' as const,
      path: '/api/register/visits',
      body: { householdId, visitedAt: new Date().toISOString(), kind: 'routine', findings: `${tag} 第${n + 1}次 入户走访` },
    }));
    await phone.goto('/m/outbox');
    await phone.getByTestId('m-outbox-empty').waitFor();
    await phone.context().setOffline(true);
    await seedOutbox(phone, actions);
    await phone.reload();
    await expect.poll(() => phone.getByTestId('m-waiting-item').count()).toBeGreaterThan(0);

    const arrived = async () => {
      const page = await gw.call<{ items: { findings: string }[]; total: number }>('GET', `/api/register/visits?householdId=${householdId}&mine=true&pageSize=200`);
      return page.data.items.filter((v) => v.findings.startsWith(tag));
    };
    await phone.context().setOffline(false);
    for (const atLeast of [40, 100, 160]) {
      await expect.poll(async () => (await arrived()).length, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(atLeast);
      await phone.context().setOffline(true);
      await phone.waitForTimeout(300);
      await phone.context().setOffline(false);
    }
    await phone.getByTestId('m-outbox-empty').waitFor({ timeout: 120_000 });
    const got = (await arrived()).map((v) => v.findings);
    expect(got).toHaveLength(200);
    expect(new Set(got).size).toBe(200);
  });

  it('(3) a case verified by someone else meanwhile: the conflict is shown, nothing is lost', async () => {
    await phone.goto('/m/');
    await phone.getByTestId('m-refresh').click();
    await expect.poll(() => phone.getByTestId('m-verify-row').count()).toBeGreaterThan(0);
    const href = await phone.getByTestId('m-verify-row').first().getAttribute('href');
    const caseId = Number(/\/cases\/(\d+)\/verify/.exec(href ?? '')![1]);

    await phone.context().setOffline(true);
    await phone.getByTestId('m-verify-row').first().click();
    await phone.getByTestId('m-verify-photo').setInputFiles(photo('核查.png'));
    await phone.getByTestId('m-verify-note').fill('现场已整改完毕');
    await phone.getByTestId('m-verify-pass').click();
    await phone.getByTestId('m-me').waitFor();
    await expect.poll(() => badgeCount(phone)).toBe(1);

    // 陈静, the other worker of the grid, verifies it first.
    const other = await apiAs(field.server.baseUrl, 'gridworkerb', DEMO_ADMIN.initialPassword, 'Chen2026grid');
    const photoId = await other.upload(gradientPng(64, 48), 'image/png');
    const step = await other.call('POST', `/api/cases/${caseId}/actions/verifyPass`, { note: '已核查', photos: [photoId] });
    expect(step.status, JSON.stringify(step.data)).toBeLessThan(300);

    await phone.context().setOffline(false);
    await phone.getByTestId('tab-outbox').click();
    const conflict = phone.getByTestId('m-conflict');
    await conflict.waitFor({ timeout: 60_000 });
    const text = (await phone.getByTestId('m-conflict-text').textContent()) ?? '';
    expect(text).toContain('陈静');
    expect(text).toContain('未提交');
    await phone.screenshot({ path: 'test-output/field/20-conflict.png', fullPage: true });
    // Nothing dropped: it stays until the worker has read it, then the history keeps a line.
    await phone.getByTestId('m-conflict-ok').click();
    await phone.getByTestId('m-outbox-empty').waitFor();
    await expect(phone.getByTestId('m-sent-item').first().textContent()).resolves.toContain('冲突已阅');
  });

  it('kept a clean console', () => {
    // Chromium's own line for a request the test cut off by taking the network away mid-flight is
    // expected here; nothing else is.
    const errors = field.pageErrors.filter((e) => !/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/.test(e));
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
